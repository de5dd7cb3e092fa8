"""Click-to-stage latency from Kafka CreateTimes: reads DIR/<topic>.tsv (kcat -f '%k\t%T\t%s\n') for the sessions
whose id starts with PREFIX. A session's n-th click makes its version n; each stage's time is the CreateTime of the
first message for that (session, version) minus the click's. Refined = an answer that used that version's intents.
Usage: latency.py DIR PREFIX."""
import collections
import json
import sys

directory, prefix = sys.argv[1], sys.argv[2]


def load(topic):
    rows = []
    for line in open(f"{directory}/{topic}.tsv"):
        key, created, value = line.rstrip("\n").split("\t", 2)
        if key.startswith(prefix):
            rows.append((key, int(created), json.loads(value)))
    return rows


clicked, count = {}, collections.Counter()
for key, created, _ in load("clicks"):
    count[key] += 1
    clicked[(key, count[key])] = created


def first(rows, version_field, keep=lambda value: True):
    seen = {}
    for key, created, value in rows:
        if keep(value):
            at = (key, value[version_field])
            seen[at] = min(created, seen.get(at, created))
    return seen


answers = load("recommendations")
stages = {
    "session update": first(load("session-updates"), "version"),
    "candidate list": first(load("candidates"), "sessionVersion"),
    "intents": first(load("intents"), "sessionVersion"),
    "first answer": first(answers, "sessionVersion"),
    "refined answer": first(answers, "sessionVersion", lambda v: v.get("intentsVersion") == v["sessionVersion"]),
}


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


for name, times in stages.items():
    latencies = [created - clicked[at] for at, created in times.items() if at in clicked]
    if not latencies:
        print(f"{name:15s} reached 0/{len(clicked)}")
        continue
    print(f"{name:15s} reached {len(latencies):5d}/{len(clicked)}  p50 {percentile(latencies, 50):5d} ms  "
          f"p90 {percentile(latencies, 90):5d}  p99 {percentile(latencies, 99):5d}  max {max(latencies)}")
later = [at for at in clicked if at[1] >= 2]
refined = stages["refined answer"]
for bound in (1000, 5000):
    share = sum(1 for at in later if at in refined and refined[at] - clicked[at] <= bound) / len(later)
    print(f"session versions >= 2 refined within {bound // 1000} s: {share:.1%}")
