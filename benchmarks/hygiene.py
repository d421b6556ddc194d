"""How noisy note hygiene is: the false-positive rate on realistic notes.

Run: ``.venv/bin/python benchmarks/hygiene.py``

Two hand-written sets of interview notes: CLEAN ones (what candidates said
about service-management work, with the traps the issue names: "aged care",
"aging servers", "religiously followed the runbook", plus race conditions,
child processes, good faith…) that should not be flagged, and FLAGGED ones
(judgements and protected characteristics) that should. Prints the
false-positive rate (clean notes flagged), the miss rate, and the matching
time per note; writes them to ``benchmarks/results/hygiene.json``.
"""

from __future__ import annotations

import time

from results_file import write_results

from tui_interview.content.hygiene import load_word_list
from tui_interview.domain.hygiene import flag_text

CLEAN = [
    "Ran the aged care rota for three homes during the merger.",
    "Replaced the aging servers over two weekends with no outage.",
    "Religiously followed the runbook during the P1 incident.",
    "Found a race condition in the deploy pipeline and added a lock.",
    "Killed the child process that held the port, then restarted the service.",
    "Acted in good faith with the supplier when the contract lapsed.",
    "Was married to the old change process until the audit showed the delays.",
    "Said she escalated to the change board within the hour.",
    "He mapped the incident, problem and change processes to ITIL 4.",
    "Measured first-time fix rate weekly; it rose from 62 to 78 percent.",
    "Described a gap analysis against the service catalogue.",
    "Trained 12 new service desk analysts in the first month.",
    "Moved the release window to Tuesday after the Friday failures.",
    "Quote: we stopped the bleeding first, then found the cause.",
    "Set up a known-error database and linked it to the portal.",
    "Explained the difference between an incident and a problem clearly.",
    "Reported SLA breaches to the service owner every Monday.",
    "Migrated 300 users to the new ticketing tool in 6 weeks.",
    "Ran a blameless post-incident review; published it within 2 days.",
    "Used a genetic algorithm to balance the on-call rota.",
    "The team was young as a function: set up only 18 months before.",
    "Brought the backlog down from 900 to 250 tickets.",
    "Negotiated the supplier's response time from 8 to 4 hours.",
    "Led the major incident bridge for the payments outage.",
    "Said the old CMDB was 40 percent wrong and planned a cleanup.",
    "Worked with the data protection officer on retention of tickets.",
    "Built a dashboard of change success rate per team.",
    "Said the decision was faith in the data, not in the vendor.",
    "Ran a temple of doom style tabletop exercise for the DR plan.",
    "Disabled the noisy alerts after agreeing thresholds with the owners.",
]

FLAGGED = [
    "Seemed nervous, not a culture fit.",
    "Mentioned she is pregnant and 52 years old.",
    "Nice guy, would get on with the team.",
    "Has two kids and a husband who travels.",
    "Strong accent, hard to follow at times.",
    "Said he goes to church on Sundays so no weekend on-call.",
    "Aged 58, close to retirement.",
    "Came across as arrogant.",
    "Uses a wheelchair; office access to check.",
    "Mentioned her girlfriend works at a competitor.",
    "Recently divorced, might need flexibility.",
    "Gut feeling: not one of us.",
]


def main() -> None:
    words = load_word_list()
    began = time.perf_counter()
    false_positives = [n for n in CLEAN if flag_text(n, words)]
    misses = [n for n in FLAGGED if not flag_text(n, words)]
    elapsed = time.perf_counter() - began
    per_note_us = elapsed / (len(CLEAN) + len(FLAGGED)) * 1e6
    figures = {
        "clean_notes": len(CLEAN),
        "flagged_notes": len(FLAGGED),
        "false_positives": len(false_positives),
        "false_positive_rate": round(len(false_positives) / len(CLEAN), 3),
        "misses": len(misses),
        "miss_rate": round(len(misses) / len(FLAGGED), 3),
        "match_us_per_note": round(per_note_us, 1),
        "false_positive_notes": false_positives,
        "missed_notes": misses,
    }
    for name, value in figures.items():
        print(f"{name}={value}")
    write_results("hygiene", figures)


if __name__ == "__main__":
    main()
