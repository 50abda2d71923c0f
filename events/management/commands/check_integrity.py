"""Verify the database after a restore (or on a schedule): every case's log replays to its
state, every photo's file is in storage and every phone number decrypts. Reads only; exits 1
naming each bad case."""

import itertools

from django.core.management.base import BaseCommand, CommandError

from events.privacy import integrity


class Command(BaseCommand):
    help = ("Check that every case's log replays to its state and every photo file exists; "
            "exit 1 and name the tracking numbers when not.")

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=2000,
                            help="Cases (or photos) read per query (default 2000).")
        parser.add_argument("--skip-photos", action="store_true",
                            help="Check the case logs only.")
        parser.add_argument("--replay-all", action="store_true",
                            help="Replay every log in Python, also on PostgreSQL, where a "
                                 "set-based query otherwise leaves only doubtful logs to replay "
                                 "(the reference, hours at ten million cases).")

    def handle(self, *args, **options):
        size = options["chunk_size"]
        if size < 1:
            raise CommandError("--chunk-size must be at least 1")
        checks = [integrity.broken_logs(chunk_size=size, replay_all=options["replay_all"]),
                  integrity.undecryptable_phones(chunk_size=size)]
        if not options["skip_photos"]:
            checks.append(integrity.missing_photos(chunk_size=size))
        found, numbers = 0, set()
        for problem in itertools.chain(*checks):  # printed as found: a long run shows progress
            self.stdout.write(f"{problem.tracking_number}: {problem.what}")
            found += 1
            numbers.add(problem.tracking_number)
        totals = integrity.counts()
        checked = f"{totals['cases']} cases, {totals['photos']} photos"
        if found:
            listed = sorted(numbers)
            raise CommandError(f"{_count(found, 'problem')} in {_count(len(listed), 'case')} "
                               f"(checked {checked}): {', '.join(listed[:50])}"
                               + (" …" if len(listed) > 50 else ""))
        photos = "photo files not checked" if options["skip_photos"] \
            else "every photo file is present"
        self.stdout.write(self.style.SUCCESS(
            f"OK: {checked}; every log replays, every phone number decrypts, {photos}."))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
