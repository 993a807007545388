"""Background tasks, run by a worker (`python manage.py db_worker --queue-name packs`) through Django's tasks
interface. Several workers, on one machine or many sharing the database, can take jobs: the queue hands each job to
one worker only."""

from django.tasks import task

from governance import pack_builds


@task(queue_name="packs")
def build_pack(build_id: int) -> str:
    return pack_builds.run(build_id)
