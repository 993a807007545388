import time

from django.core.management.base import BaseCommand, CommandError

from homecare import synth


class Command(BaseCommand):
    help = (
        "Create a synthetic council at realistic volumes for benchmarks: at scale 1, 10 programmes, 40 bodies, "
        "1,000 meetings, 5,000 deliverables, 10,000 risks, 2,000 issues and 20,000 actions, with history. "
        "Each run adds a new council; a fraction such as 0.01 makes a small one of the same shape."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Multiple of the scale-1 volumes (default 1)")
        parser.add_argument("--seed", type=int, default=2014, help="Random seed, for the same data every time")

    def handle(self, *args, scale, seed, **options):
        if not 0 < scale <= 100:
            raise CommandError("--scale must be more than 0 and at most 100.")
        started = time.perf_counter()
        made = synth.make(scale=scale, seed=seed)
        seconds = time.perf_counter() - started
        for label, count in made.counts.items():
            self.stdout.write(f"{count:>9,} {label}")
        self.stdout.write(self.style.SUCCESS(f"Synthetic council made at scale {scale:g} in {seconds:.1f} s."))
