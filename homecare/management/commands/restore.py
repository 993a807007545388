from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from homecare import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by the backup command: the database (PostgreSQL: pg_restore --clean --if-exists in one "
        "transaction; SQLite: the online backup API) and the files under MEDIA_ROOT. Checks the backup first and "
        "changes nothing if a check fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup folder (for example backups/20260115-183000)")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead of the service's (for example a fresh one, to look at the backup)",
        )
        parser.add_argument(
            "--media-root", help=f"Restore the files here instead of MEDIA_ROOT ({settings.MEDIA_ROOT})"
        )
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="Do not ask to confirm")

    def handle(self, *args, **options):
        media_root = options["media_root"] or settings.MEDIA_ROOT
        try:
            target = backups.target_for(url=options["database_url"])
            folder, manifest = backups.read_manifest(options["backup"])
            backups.check_matches(manifest, target)
            if options["interactive"]:
                answer = input(
                    f"This replaces every row of the {target.kind} database {target.name} and every file in "
                    f"{media_root} with the backup taken at {manifest['created_at']}.\nType 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled. Nothing was changed.")
            result = backups.restore(folder, media_root, target)
        except backups.BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(
            f"Restored the {result.kind} database {target.name} and {result.media_files} media files into "
            f"{media_root} from {result.folder}."
        )
        if result.kept_media:
            self.stdout.write(f"The media files that were there before are kept in {result.kept_media}.")
        self.stdout.write("If this code is newer than the backup, run: python manage.py migrate")
