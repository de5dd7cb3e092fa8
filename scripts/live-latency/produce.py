"""Produces clicks with kcat (another process, another client): SESSIONS sessions, five clicks each, one click of
every session per round, paced at RATE clicks/s. Usage: produce.py BOOTSTRAP CATALOG_TSV PREFIX RATE."""
import csv
import json
import random
import subprocess
import sys
import time

bootstrap, catalog, prefix, rate = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
items = [row["item_id"] for row in csv.DictReader(open(catalog), delimiter="\t")]
kcat = subprocess.Popen(["kcat", "-P", "-b", bootstrap, "-t", "clicks", "-K", "\t", "-X", "linger.ms=0"], stdin=subprocess.PIPE, text=True)
random.seed(5)
sessions = rate  # one round of clicks per second
for click in range(5):
    for s in range(sessions):
        session = f"{prefix}-{s}"
        event = {"sessionId": session, "itemId": random.choice(items),
                 "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "eventId": f"{session}-{click}"}
        kcat.stdin.write(session + "\t" + json.dumps(event) + "\n")
        kcat.stdin.flush()
        time.sleep(1.0 / rate)
kcat.stdin.close()
kcat.wait()
