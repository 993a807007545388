from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from homecare import backups


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump in custom format; SQLite: the online backup API) and every file "
        "under MEDIA_ROOT into a new timestamped folder of BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", help=f"Where to put the backup folder (default: BACKUP_DIR, {settings.BACKUP_DIR})"
        )
        parser.add_argument("--database", default="default", help="The database alias to back up")

    def handle(self, *args, **options):
        try:
            result = backups.backup(options["dir"] or settings.BACKUP_DIR, settings.MEDIA_ROOT, options["database"])
        except backups.BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(
            f"Backed up the {result.kind} database ({result.database_bytes:,} bytes) and {result.media_files} media "
            f"files ({result.media_bytes:,} bytes) to {result.folder}"
        )
        self.stdout.write(f"Restore it with: make restore BACKUP={result.folder}")
