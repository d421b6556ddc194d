"""Everyday interview notes, each with the behaviour its writer meant.

Written the way interviewers write during an interview: shorthand, acronyms,
tool names, past tense, fragments; never the profile's own wording. Written
before any tuning of the ranking. Every third note (``HELD_OUT``) was kept
aside: the vocabulary and the look-for phrases were never tuned on it.

Each entry: (profile, target level of the interview, intended behaviour id, note).
``shipped`` is ``content/service-management-processes.yaml``; the others are
imported at run time from the shared plain-text profiles with the app's own
importer (``tui_interview.content.importer``).
"""

from __future__ import annotations

SHIPPED = "service-management-processes"
SUPPORT = "it-support-troubleshooting"
DATA = "data-literacy"

NOTES: list[tuple[str, int, str, str]] = [
    # --- shipped profile, level 3 interview ---------------------------------
    (
        SHIPPED,
        3,
        "b3.1",
        "mapped how incident feeds problem and change; drew the handoffs on a whiteboard",
    ),
    (
        SHIPPED,
        3,
        "b3.1",
        "showed where change mgmt and the CMDB depend on each other, RACI across the practices",
    ),
    (
        SHIPPED,
        3,
        "b3.1",
        "explained what breaks downstream in request fulfilment when config data is stale",
    ),
    (SHIPPED, 3, "b3.2", "Findings on a slide: no problem mgmt, CAB toothless, asset data patchy"),
    (
        SHIPPED,
        3,
        "b3.2",
        "did a current vs target comparison before the ServiceNow rollout, listed what was missing",
    ),
    (
        SHIPPED,
        3,
        "b3.2",
        "walked the desks before go-live to check they were ready - checklist, chats w/ team leads",
    ),
    (SHIPPED, 3, "b3.2", "baseline review of ITIL practices pre-implementation, found 12 holes"),
    (SHIPPED, 3, "b3.3", "owned the change process at the bank; chased teams who skipped CAB"),
    (SHIPPED, 3, "b3.3", "process owner for incident mgmt, weekly compliance checks on tickets"),
    (SHIPPED, 3, "b3.3", "enforced the RFC template, bounced changes w/o a backout plan"),
    (SHIPPED, 3, "b3.4", "scored us against ITIL maturity levels 1-5, came out at 2"),
    (SHIPPED, 3, "b3.4", "CMMI-style scoring for each practice, benchmarked vs peers"),
    (SHIPPED, 3, "b3.4", "ran a survey based on COBIT, got a score per process"),
    (SHIPPED, 3, "b3.5", "rolled out the new major incident procedure, trained 40 agents"),
    (SHIPPED, 3, "b3.5", "redesigned the problem workflow in Jira SM and switched it on in March"),
    (SHIPPED, 3, "b3.5", "introduced standard changes so low-risk ones skip the CAB"),
    (SHIPPED, 3, "b3.6", "monthly SLA dashboard in Power BI for the service review"),
    (SHIPPED, 3, "b3.6", "P2 MTTR breached two months running, flagged it in the KPI pack"),
    (SHIPPED, 3, "b3.6", "tracked first-time-fix and backlog, RAG status vs targets"),
    (SHIPPED, 3, "b3.6", "built the ticket ageing report; targets hit after 3 months"),
    # --- shipped profile, lower levels heard in a level 3 interview ----------
    (
        SHIPPED,
        3,
        "b1.1",
        "explained to new starters the difference between an incident and a problem",
    ),
    (SHIPPED, 3, "b1.2", "she was the SPOC for all access requests"),
    (
        SHIPPED,
        3,
        "b1.2",
        "go-to person on the desk for anything change related, one number to call",
    ),
    (SHIPPED, 3, "b1.3", "described how the service desk tiers work, L1/L2 triage, shift cover"),
    (SHIPPED, 3, "b1.4", "kept the CMDB current after each server move"),
    (SHIPPED, 3, "b1.4", "updated the asset register in Lansweeper weekly"),
    (SHIPPED, 3, "b2.1", "chaired the weekly CAB, took the minutes"),
    (SHIPPED, 3, "b2.1", "ran RCA sessions for repeat outages"),
    (SHIPPED, 3, "b2.2", "ran two workshops with users to collect their pain points"),
    (SHIPPED, 3, "b2.2", "interviewed business users about what they wanted from the portal"),
    (SHIPPED, 3, "b2.3", "wrote the SOPs for the new request process - her manager designed it"),
    (SHIPPED, 3, "b2.3", "helped draft the process docs in Confluence"),
    (SHIPPED, 3, "b2.4", "watched SLA timers in the queue, escalated breaches to the duty manager"),
    (SHIPPED, 3, "b2.4", "noticed the supplier kept missing response times, raised it to her boss"),
    (SHIPPED, 3, "b2.5", "triaged incoming tickets, assigned them to the right resolver group"),
    (SHIPPED, 3, "b2.5", "first look at odd tickets, sent them on to whoever owned them"),
    (SHIPPED, 3, "b2.6", "always raised an RFC before touching prod"),
    (SHIPPED, 3, "b2.6", "stuck to the change procedure, got approvals first"),
    (SHIPPED, 3, "b2.7", "watched uptime in SolarWinds, flagged the flaky servers"),
    (SHIPPED, 3, "b2.7", "tracked MTBF on the storage arrays"),
    (SHIPPED, 3, "b4.1", "3-year plan for the ITSM function, phased"),
    (SHIPPED, 3, "b4.1", "wrote the roadmap to go from ad hoc to ITIL 4"),
    (SHIPPED, 3, "b4.2", "wrote the change policy adopted org-wide"),
    (SHIPPED, 3, "b4.3", "led IT transformation planning to line up with the business strategy"),
    (SHIPPED, 3, "b4.4", "documented as-is, interim and to-be process models"),
    (SHIPPED, 3, "b4.5", "built the tooling to measure service performance from scratch"),
    (SHIPPED, 3, "b4.6", "defined brand new KPIs for the service desk"),
    (SHIPPED, 3, "b5.1", "helped sales win the outsourcing bid with ITSM input"),
    (SHIPPED, 3, "b5.2", "workshops with the CIO and business heads on their goals"),
    (SHIPPED, 3, "b5.3", "set up a community of practice across agencies"),
    (SHIPPED, 3, "b5.4", "planned the whole move to a SIAM model"),
    (SHIPPED, 3, "b5.5", "keeps a CSI register, recommends improvements each quarter"),
    (SHIPPED, 3, "b5.6", "set the org-wide SLA targets for all services"),
    (SHIPPED, 3, "b5.7", "mentored the implementation team leads"),
    # --- it-support-troubleshooting, level 2 interview ----------------------
    (SUPPORT, 2, "b1.1", "checked the printers got serviced on schedule, kept the PM calendar"),
    (SUPPORT, 2, "b1.2", "spotted the failing disk on the laptop from the clicking"),
    (SUPPORT, 2, "b1.3", "talked about why getting fixes right first time matters to users"),
    (SUPPORT, 2, "b2.1", "pager went off at 2am, UPS alarm, went in and switched to generator"),
    (SUPPORT, 2, "b2.2", "noticed odd login failures, pulled the logs and sent them to security"),
    (SUPPORT, 2, "b2.3", "narrowed it down to the DHCP server, not the switch"),
    (SUPPORT, 2, "b2.4", "called it a P1 because payroll ran that night"),
    (SUPPORT, 2, "b2.5", "kept a spreadsheet of every outage w/ times and causes"),
    (SUPPORT, 2, "b2.5", "logged everything in the ticket, history for the next shift"),
    (SUPPORT, 2, "b2.6", "followed the KB article to reset the MFA token"),
    (SUPPORT, 2, "b2.6", "used the runbook to restore the VM"),
    # --- data-literacy, level 2 interview -----------------------------------
    (DATA, 2, "b1.1", "pulled the numbers out of the annual report PDF"),
    (DATA, 2, "b1.2", "knows the usual KPIs we publish - NPS, churn, CSAT"),
    (DATA, 2, "b1.3", "argued we should decide on evidence not gut feeling"),
    (DATA, 2, "b1.4", "caught a chart with a truncated y-axis making growth look huge"),
    (DATA, 2, "b1.5", "knew to get headcount from the HR system, costs from SAP"),
    (DATA, 2, "b1.6", "didn't trust the survey - half the fields blank, dupes"),
    (DATA, 2, "b2.1", "read the trend, pointed out correlation isn't causation"),
    (DATA, 2, "b2.2", "pivot tables in Excel for the weekly ops report"),
    (DATA, 2, "b2.3", "used the ticket numbers to make the case for another hire"),
    (DATA, 2, "b2.4", "followed the stats unit's method for the quarterly figures"),
    (DATA, 2, "b2.5", "listed completeness, accuracy, timeliness as what she checks"),
]

#: Every third note, kept aside as a check never tuned on.
HELD_OUT = frozenset(range(2, len(NOTES), 3))
