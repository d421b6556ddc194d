"""The field vocabulary of the link suggestions: the words interviewers write
in notes (acronyms, tool names, shorthand) and the plain words a competency
profile uses for the same thing.

A note saying "chaired the CAB" shares no word with "Facilitates ... change
management"; this table lets it. Each key is a lower-case word (or two words)
as written in a note; its value is the profile words it stands for. The
ranking adds those words to the note's own at a lower weight
(``linking.EXPANSION_WEIGHT``), so a note's own words still count most.

General IT service management and IT support words only: nothing here names a
single profile's behaviour, so the table helps any profile written in the
usual competency-dictionary style. Plain data, no I/O.
"""

from __future__ import annotations

FIELD_WORDS: dict[str, str] = {
    # ITSM acronyms
    "itsm": "service management",
    "itil": "service management processes practices industry",
    "cobit": "industry maturity models assessment",
    "cab": "change management",
    "rfc": "change management request",
    "ecab": "change management urgent",
    "cmdb": "configuration items record configuration management",
    "ci": "configuration items",
    "cis": "configuration items",
    "sla": "service level agreements",
    "slas": "service level agreements",
    "ola": "service level agreements",
    "olas": "service level agreements",
    "uc": "service level agreements",
    "kpi": "metrics targets",
    "kpis": "metrics targets statistics",
    "mtbf": "reliability maintainability",
    "mtta": "metrics targets",
    "ftf": "metrics targets",
    "csat": "metrics satisfaction",
    "nps": "metrics satisfaction",
    "rag": "reports targets",
    "rca": "problem management",
    "kedb": "problem management known errors",
    "sop": "documentation procedures",
    "sops": "documentation procedures",
    "kb": "documentation established procedures",
    "runbook": "established procedures",
    "spoc": "single point contact",
    "csi": "continual improvements",
    "raci": "interrelationships roles",
    "p1": "urgency",
    "sev1": "urgency",
    # tools
    "servicenow": "service management tools implementations",
    "remedy": "service management tools",
    "topdesk": "service management tools",
    "power bi": "reports metrics",
    "tableau": "reports metrics",
    "dashboard": "reports metrics",
    "dashboards": "reports metrics",
    "confluence": "documentation",
    "sharepoint": "documentation",
    "lansweeper": "configuration items record",
    "nagios": "monitors reliability systems",
    "zabbix": "monitors reliability systems",
    "splunk": "monitors data",
    "excel": "data analysis",
    "pivot": "data analysis",
    "spreadsheet": "record data",
    # shorthand and everyday words
    "mgmt": "management",
    "mgr": "manager",
    "prod": "production systems",
    "ticket": "issues problems",
    "tickets": "issues problems",
    "triage": "initial evaluation routes",
    "triaged": "initial evaluation routes",
    "outage": "problems issues",
    "outages": "problems issues",
    "workshop": "gathering information clients",
    "workshops": "gathering information clients",
    "users": "end-users clients",
    "policy": "standards policies",
    "coached": "coaching mentoring",
    "asset": "configuration items",
    "assets": "configuration items",
    "baseline": "readiness assessment gap",
    "gaps": "gap analyses",
    "findings": "gap analyses assessment",
    "missing": "gap",
    "maturity": "maturity assessments",
    "rolled": "implement changes",
    "introduced": "implement changes",
    "owned": "manages",
    "owner": "manages",
    "enforced": "ensuring followed",
    "chased": "ensuring followed",
    "approvals": "follows requirements",
    "alarm": "alarm conditions",
    "alert": "alarm conditions",
    "pager": "alarm conditions",
    "logs": "information data",
    "report": "reports",
    "numbers": "data",
}
# IT support and data work, words any profile of the kind may meet
FIELD_WORDS.update(
    {
        "spotted": "identifies",
        "noticed": "identifies",
        "failing": "equipment problems",
        "faulty": "equipment problems",
        "broken": "equipment problems",
        "disk": "equipment",
        "laptop": "equipment",
        "printer": "equipment",
        "serviced": "maintenance schedules",
        "servicing": "maintenance schedules",
        "fix": "resolves quality",
        "pulled": "extracting",
        "evidence": "data decision making",
        "decide": "decision making",
        "gut": "decision making",
        "trust": "reliable unreliable sources",
        "survey": "data sources",
        "blank": "incomplete wrong data",
        "dupes": "incomplete wrong data",
        "duplicates": "incomplete wrong data",
        "hr": "sources data",
        "sap": "sources data",
        "crm": "sources data",
        "erp": "sources data",
        "case": "support argument",
        "completeness": "quality data criteria",
        "accuracy": "quality data criteria",
        "timeliness": "quality data criteria",
        "churn": "metrics statistics",
    }
)
