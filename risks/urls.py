from risks import urls_board, urls_registers

app_name = "risks"

urlpatterns = [*urls_board.urlpatterns, *urls_registers.urlpatterns]
