"""The built-in template library: cutover chains and UK procurement routes, every number tagged.

Durations are working days (domain brief §2.1 weeks x 5) with optimistic / most likely / pessimistic
estimates; every step's ``source`` starts with its provenance tag (brief §0: [S] official, [S2] secondary,
[A] assumption, [V] not verified) and every link's ``reason`` names the domain rule it encodes (brief §1.2
R1-R13, or the §2.1 stage gate). ``app.engine.templates`` applies these to a plan; all values are defaults a
planner edits after applying.

Scaling assumption for ``standard-wave`` [A]: §2.1 gives whole-programme stages for a 100-500 seat estate;
one wave carries roughly a third of the queues and agents, so design, build and integration take about a
third of the programme figure (at least one week), testing about half (three rounds still run, [S2][64]),
and the stage-10 cutover window (port orders, go-live, 2-4 week parallel run) is per wave already.
"""

from __future__ import annotations

import dataclasses

from app.engine.model import CutoverTemplate, DependencyType, TemplateLink, TemplateStep

# Brief §2.6 [S2][29] (Simwood): minimum lead times after acceptance, working days: (label, PRO, SUP).
# PRO = the losing provider is the range holder; SUP = it is not.
PORT_LEAD_TIMES: dict[str, tuple[str, int, int]] = {
    "geographic_single_line": ("Geographic single line", 4, 7),
    "single_line_over_10_lines": ("Single line, >10 lines at same installation", 14, 17),
    "multi_line_under_30": ("Multi-line, <30 numbers, no DDI range", 7, 10),
    "multi_line_31_150_or_ddi": ("Multi-line, 31-150 numbers or DDI range", 10, 13),
    "multi_line_over_151": ("Multi-line, >151 numbers", 17, 20),
    "complex_ddi": ("Complex DDI (part of a range)", 22, 25),
    "non_geographic": ("Non-geographic (0300/0800 etc.), any volume", 7, 10),
}
PRE_ORDER_VALIDATION_DAYS = 5   # brief §2.6: Pre-Order Validation adds ~5-7 business days [S2][30]
PORTING_BUFFER_DAYS = 10        # [A] buffer for LOA rejections (the most common failure, [S2][30][31])


def porting_lead_days(port_type: str, range_holder_is_losing: bool) -> tuple[int, int, int]:
    """Return optimistic, most-likely and pessimistic working days for one port order.

    O is the §2.6 table's minimum lead time after acceptance ([S2][29]); M adds 5 working days of
    Pre-Order Validation ([S2][30]); P adds a further 10-day buffer for rejected Letters of Authority [A].

    Args:
        port_type: a key of ``PORT_LEAD_TIMES`` (e.g. ``multi_line_31_150_or_ddi``).
        range_holder_is_losing: True when the losing provider holds the range (PRO), else SUP.

    Raises:
        ValueError: an unknown port type.
    """
    if port_type not in PORT_LEAD_TIMES:
        raise ValueError(f"unknown port type '{port_type}'; expected one of {', '.join(PORT_LEAD_TIMES)}")
    _, pro, sup = PORT_LEAD_TIMES[port_type]
    table = pro if range_holder_is_losing else sup
    likely = table + PRE_ORDER_VALIDATION_DAYS
    return table, likely, likely + PORTING_BUFFER_DAYS


def _step(key: str, name: str, kind: str, omp: tuple[int, int, int], source: str,
          *links: tuple[str, str] | tuple[str, str, DependencyType, int]) -> TemplateStep:
    """A step from ``(optimistic, likely, pessimistic)`` and links ``(step, reason[, type, lag])``."""
    made = tuple(TemplateLink(link[0], link[2], link[3], link[1]) if len(link) == 4
                 else TemplateLink(link[0], reason=link[1]) for link in links)
    low, likely, high = omp
    return TemplateStep(key, name, kind, likely, low, high, made, source)


# Link reasons (domain brief §1.2 rules and §2.1 stage gates).
GATE_DESIGN = "§2.1 stage 4: design authority sign-off before build and integration"
GATE_BUILD = "§2.1 stage 7: build complete before SIT/UAT/OAT"
R1 = "R1: network ready before production-like voice testing"
R2_TRAIN = "R2: identity and agent provisioning on the built platform before training"
R2_PILOT = "R2: agents trained before the pilot"
R3 = "R3: integrations, target carrier and test numbers ready before SIT/UAT of routing and IVR"
R4_TEST = "R4: UAT passed + operations sign-off before go-live"
R4_TRAIN = "R4: users trained before go-live"
R4_PILOT = "R4: pilot go/no-go + CAB approval before go-live"
R5 = "R5: porting request filed lead time before the wave's go-live"
R6 = "R6: all ports on a range complete before the legacy lines cease"
R8 = "R8: recording archive and WFM/MI history export before legacy decommission"
R13 = "R13: legacy keeps receiving calls until the wave is accepted (2-4 week parallel/rollback window)"
PORT_PLAN = "§2.1 stage 4: number/porting plan and Letters of Authority from design before port orders"
PILOT_GATE = "§2.1 stage 9: test exit report before the pilot"
AFTER_GO = "§2.1 stages 10-11: parallel run and hypercare follow go-live"
ARCHIVE_AFTER_GO = "R8: final recording/WFM export once the wave's calls run on the target platform"

PORT_OMP = porting_lead_days("multi_line_31_150_or_ddi", False)
PORT_SRC = ("[S2][29] domain brief §2.6: multi-line 31-150 numbers or DDI range, losing provider not range "
            "holder (SUP) 13 WD + 5 WD Pre-Order Validation [S2][30] + 10 WD buffer [A]")
BIG_PORT_OMP = porting_lead_days("multi_line_over_151", False)
BIG_PORT_SRC = ("[S2][29] domain brief §2.6: multi-line >151 numbers (SUP) 20 WD + 5 WD Pre-Order Validation "
                "[S2][30] + 10 WD buffer [A]")

STANDARD_WAVE = CutoverTemplate(
    "standard-wave", "Standard wave",
    "One cutover wave (brief §2.1 stages 4-12, §2.4 phased): design, build, integration, network check, "
    "SIT/UAT/OAT, training, pilot, number porting, go-live, 2-4 week parallel run, hypercare, archive and "
    "decommission. Whole-programme §2.1 durations scaled to one wave (about a third) [A].",
    "cutover",
    (
        _step("network", "Network readiness check (QoS, firewall, homeworker VPN): {phase}", "network",
              (5, 10, 20), "[A] domain brief §1.2 R1 / §2.1: per-wave network check"),
        _step("design", "Low-level design (call flows, queues, porting plan): {phase}", "design",
              (5, 10, 20), "[A] domain brief §2.1 stage 4 (4/6/10 wks programme) scaled to one wave"),
        _step("build", "Build (queues, IVR, routing, recording, WFM): {phase} ({systems})", "build",
              (15, 25, 40), "[A] domain brief §2.1 stage 5 (10/14/22 wks programme) scaled to one wave",
              ("design", GATE_DESIGN)),
        _step("integration", "Integration (CTI/CRM/LOB, MI): {phase}", "integration", (15, 20, 35),
              "[A] domain brief §2.1 stage 6 (8/12/20 wks programme) scaled to one wave",
              ("design", GATE_DESIGN)),
        _step("porting", "Number porting (LOA, validation, lead time): {phase} ({systems})",
              "porting", PORT_OMP, PORT_SRC, ("design", PORT_PLAN)),
        _step("test", "SIT/UAT/OAT: {phase} ({systems})", "test", (10, 15, 25),
              "[S2][64] three complete test rounds; durations [A] domain brief §2.1 stage 7 (5/7/12 wks) "
              "halved for one wave", ("build", GATE_BUILD), ("integration", R3), ("network", R1)),
        _step("training", "Training (super-users, agents): {phase}", "training", (5, 10, 15),
              "[A] domain brief §2.1 stage 8 (3/4/6 wks programme) for one wave's cohort",
              ("build", R2_TRAIN)),
        _step("pilot", "Pilot (low-risk service line, temporary numbers): {phase} ({systems})",
              "pilot", (5, 10, 20), "[A] domain brief §2.1 stage 9 (3/4/8 wks programme) for one wave",
              ("test", PILOT_GATE), ("training", R2_PILOT)),
        _step("cutover", "Go-live cutover: {phase} ({systems})", "cutover", (1, 1, 2),
              "[A] domain brief §2.1 stage 10: CAB, go-live day (usually out of hours)",
              ("test", R4_TEST), ("training", R4_TRAIN), ("pilot", R4_PILOT), ("porting", R5)),
        _step("parallel", "Parallel run / rollback window: {phase} ({systems})", "parallel_run", (10, 15, 20),
              "[S2][63] domain brief §2.1 stage 10 / §2.4: 2-4 weeks parallel run per cohort",
              ("cutover", AFTER_GO)),
        _step("hypercare", "Hypercare (floor-walking, defect burn-down): {phase}", "hypercare", (5, 10, 15),
              "[A] domain brief §2.1 stage 11 (2/4/6 wks programme) for one wave", ("cutover", AFTER_GO)),
        _step("archive", "Archive recordings, export WFM/MI history: {phase} ({systems})", "archive",
              (5, 10, 20), "[S][35] data options (brief §1.2 R8); durations [A]",
              ("cutover", ARCHIVE_AFTER_GO)),
        _step("decommission", "Decommission legacy: {phase} ({systems})", "decommission", (10, 15, 25),
              "[A] domain brief §2.1 stage 12 (6/8/14 wks programme) scaled to one wave",
              ("parallel", R13), ("archive", R8), ("porting", R6)),
    ),
)

BIG_BANG = CutoverTemplate(
    "big-bang", "Big bang",
    "One cutover for every user on one date (brief §2.4 [S2][65]): no pilot and a one-week rollback window. "
    "Lower dual running, highest risk; suits a single site or a small estate. Whole-programme §2.1 "
    "durations.",
    "cutover",
    (
        _step("network", "Network readiness (all sites, homeworkers): {phase}", "network", (20, 30, 50),
              "[A] domain brief §1.2 R1; §6.1.4 network task (10 wks) as the anchor"),
        _step("design", "Low-level design: all call flows, queues, number/porting plan", "design",
              (20, 30, 50), "[A] domain brief §2.1 stage 4 (4/6/10 wks)"),
        _step("build", "Build: all queues, IVR, payments, recording, WFM ({systems})", "build", (50, 70, 110),
              "[A] domain brief §2.1 stage 5 (10/14/22 wks)", ("design", GATE_DESIGN)),
        _step("integration", "Integration: CTI/CRM, LOB, MI, Teams", "integration", (40, 60, 100),
              "[A] domain brief §2.1 stage 6 (8/12/20 wks)", ("design", GATE_DESIGN)),
        _step("porting", "Number porting: all ranges in one port ({systems})", "porting", BIG_PORT_OMP,
              BIG_PORT_SRC, ("design", PORT_PLAN)),
        _step("test", "SIT/UAT/OAT, load, ITHC and failover ({systems})", "test", (25, 35, 60),
              "[S2][64] three complete rounds; durations [A] domain brief §2.1 stage 7 (5/7/12 wks)",
              ("build", GATE_BUILD), ("integration", R3), ("network", R1)),
        _step("training", "Training: all agents (train-the-trainer, super-users)", "training", (15, 20, 30),
              "[A] domain brief §2.1 stage 8 (3/4/6 wks)", ("build", R2_TRAIN)),
        _step("cutover", "Big-bang go-live: {phase} ({systems})", "cutover", (1, 1, 2),
              "[S2][65] domain brief §2.4 big bang (usually a weekend); 1 working day [A]",
              ("test", R4_TEST), ("training", R4_TRAIN), ("porting", R5)),
        _step("parallel", "Rollback window ({systems})", "parallel_run", (5, 5, 10),
              "[A] shorter than the 2-4 week phased parallel run ([S2][63]): big bang trades rollback "
              "for cost",
              ("cutover", AFTER_GO)),
        _step("hypercare", "Hypercare: floor-walking and defect burn-down", "hypercare", (10, 20, 30),
              "[A] domain brief §2.1 stage 11 (2/4/6 wks)", ("cutover", AFTER_GO)),
        _step("archive", "Archive recordings and export WFM/MI history ({systems})", "archive", (10, 15, 25),
              "[S][35] data options (brief §1.2 R8); durations [A]", ("cutover", ARCHIVE_AFTER_GO)),
        _step("decommission", "Decommission and exit legacy: {systems}", "decommission", (30, 40, 70),
              "[A] domain brief §2.1 stage 12 (6/8/14 wks)", ("parallel", R13), ("archive", R8),
              ("porting", R6)),
    ),
)


def _service_line(n: int, stagger: str | None) -> tuple[TemplateStep, ...]:
    """Porting, go-live and parallel run of service line ``n`` (go-lives staggered after the first)."""
    go_links: list[tuple[str, str] | tuple[str, str, DependencyType, int]] = [
        ("go_no_go", R4_PILOT), (f"port_{n}", R5)]
    if stagger:
        go_links.append((stagger, "§2.4 phased: next service line after the previous one's first "
                                  "parallel-run week [A]", "SS", 5))
    return (
        _step(f"port_{n}", f"Number porting: service line {n} ({{systems}})", "porting", PORT_OMP, PORT_SRC,
              ("design", PORT_PLAN)),
        _step(f"go_live_{n}", f"Go-live: service line {n} ({{systems}})", "cutover", (1, 1, 2),
              "[S2][65] domain brief §2.4 phased by service line; 1 working day [A]", *go_links),
        _step(f"parallel_{n}", f"Parallel run: service line {n} ({{systems}})", "parallel_run", (10, 15, 20),
              "[S2][63] 2-4 weeks parallel run per cohort", (f"go_live_{n}", AFTER_GO)),
    )


PHASED_SERVICE_LINE = CutoverTemplate(
    "phased-service-line", "Phased by service line",
    "Pilot, then three service lines go live one after another, each with its own porting and 2-4 week "
    "parallel run (brief §2.4 phased [S2][65][62]); delete or copy service-line steps to fit.",
    "cutover",
    (
        *BIG_BANG.steps[:4],
        _step("test", "SIT/UAT/OAT: {phase} ({systems})", "test", (25, 35, 60),
              "[S2][64] three complete rounds; durations [A] domain brief §2.1 stage 7 (5/7/12 wks)",
              ("build", GATE_BUILD), ("integration", R3), ("network", R1)),
        _step("training", "Training: super-users and agents, cohort by cohort", "training", (15, 20, 30),
              "[A] domain brief §2.1 stage 8 (3/4/6 wks)", ("build", R2_TRAIN)),
        _step("pilot", "Pilot: low-risk service line, 20-100 agents, temporary/forwarded numbers ({systems})",
              "pilot", (15, 20, 40), "[A] domain brief §2.1 stage 9 (3/4/8 wks)",
              ("test", PILOT_GATE), ("training", R2_PILOT)),
        _step("go_no_go", "Pilot go/no-go and CAB approval", "milestone", (0, 0, 0),
              "[S][35] go-live checklist (brief §1.2 R4)", ("pilot", R4_PILOT), ("test", R4_TEST),
              ("training", R4_TRAIN)),
        *_service_line(1, None),
        *_service_line(2, "go_live_1"),
        *_service_line(3, "go_live_2"),
        _step("hypercare", "Hypercare: floor-walking and defect burn-down", "hypercare", (10, 20, 30),
              "[A] domain brief §2.1 stage 11 (2/4/6 wks)", ("go_live_3", AFTER_GO)),
        _step("archive", "Archive recordings and export WFM/MI history ({systems})", "archive", (10, 15, 25),
              "[S][35] data options (brief §1.2 R8); durations [A]", ("go_live_3", ARCHIVE_AFTER_GO)),
        _step("decommission", "Decommission and exit legacy: {systems}", "decommission", (30, 40, 70),
              "[A] domain brief §2.1 stage 12 (6/8/14 wks)", ("parallel_1", R13), ("parallel_2", R13),
              ("parallel_3", R13), ("archive", R8), ("port_1", R6), ("port_2", R6), ("port_3", R6)),
    ),
)

STANDSTILL = ("[S][12] Procurement Act 2023: mandatory standstill of at least 8 working days beginning "
              "with the day the Contract Award Notice is published (brief §2.2)")
CAN_SRC = "[S2][14] Contract Award Notice before entering the contract, call-offs included (brief §2.2)"
CDN_SRC = "[V] Contract Details Notice after signature (brief §2.1 stage 3); its deadline not verified"
CAN_FIRST = "Procurement Act 2023: award decision and assessment summaries before the Contract Award Notice"
STANDSTILL_LINK = "Procurement Act 2023: standstill begins with the day the CAN is published [S][12]"
SIGN_AFTER = "Procurement Act 2023: contract entered only after the standstill ends [S][12]"
CDN_AFTER = "Procurement Act 2023: Contract Details Notice once the contract is entered"
WD_NOTE = ("working days on the project calendar; the Act's own definition was not retrievable [V] "
           "(brief §2.2: make the procurement calendar configurable)")


def _award_tail(before: str) -> tuple[TemplateStep, ...]:
    """CAN, standstill, signature and Contract Details Notice after step ``before``."""
    return (
        _step("can", "Contract Award Notice published", "milestone", (0, 0, 0), CAN_SRC, (before, CAN_FIRST)),
        _step("standstill", "Standstill: 8 working days from the Contract Award Notice", "standstill",
              (8, 8, 8), f"{STANDSTILL}; {WD_NOTE}", ("can", STANDSTILL_LINK, "SS", 0)),
        _step("signature", "Contract signature", "procurement", (1, 1, 5), "[A] signature logistics",
              ("standstill", SIGN_AFTER)),
        _step("cdn", "Contract Details Notice published", "milestone", (0, 0, 0), CDN_SRC,
              ("signature", CDN_AFTER)),
    )


FRAMEWORK_CALL_OFF = CutoverTemplate(
    "framework-call-off", "Framework call-off (further competition)",
    "Call-off with further competition under G-Cloud 15 (RM1557.15) or Network Services 3 (RM6116) (brief "
    "§2.2). Stage-3 total 8/14/24 weeks (brief §2.1 [A]); anchors ONS ~6.5 weeks tender end to contract "
    "start, Ofsted ~29 weeks [S][23][24]. Framework call-offs may be exempt from the mandatory standstill "
    "[V]: keep it (voluntary standstill) or use 'framework-call-off-no-standstill'.",
    "procurement",
    (
        _step("spec", "Requirement, specification and route choice (G-Cloud 15 / NS3)", "procurement",
              (15, 20, 35), "[A] domain brief §2.1 stage 3 (framework call-off 8/14/24 wks in total)"),
        _step("competition", "Further competition: invitation, clarifications, bids", "procurement",
              (10, 15, 25), "[A] domain brief §2.1 stage 3; G-Cloud 15 call-off with competition [S][17]",
              ("spec", "§2.1 stage 3: specification before the further competition")),
        _step("evaluation", "Evaluation and moderation", "procurement", (10, 15, 25),
              "[A] ONS anchor: tender end to contract start ~6.5 weeks [S][24]",
              ("competition", "§2.1 stage 3: bids in before evaluation")),
        _step("award", "Award decision and approval", "procurement", (3, 5, 15),
              "[A] internal governance (delegated decision / board)",
              ("evaluation", "§2.1 stage 3: evaluation complete before award")),
        *_award_tail("award"),
    ),
)


EXEMPT = "s.51 exemption: no standstill for this call-off [V]; contract still after the CAN [S2][14]"


def without_standstill(template: CutoverTemplate, template_id: str, name: str) -> CutoverTemplate:
    """Return ``template`` without its ``standstill`` steps (e.g. an exempt framework call-off, [V]).

    Links to a removed standstill become FS links to the standstill's own predecessors (lag 0), so the
    signature may follow the Contract Award Notice on the same day.
    """
    removed = {s.key: s for s in template.steps if s.kind == "standstill"}
    steps = []
    for step in template.steps:
        if step.key in removed:
            continue
        links: list[TemplateLink] = []
        for link in step.predecessors:
            if link.step in removed:
                links.extend(TemplateLink(p.step, "FS", 0, EXEMPT) for p in removed[link.step].predecessors)
            else:
                links.append(link)
        steps.append(dataclasses.replace(step, predecessors=tuple(links)))
    description = f"{template.description} This variant has no standstill (s.51 exemption, [V])."
    return dataclasses.replace(template, id=template_id, name=name, description=description,
                               steps=tuple(steps))


FRAMEWORK_NO_STANDSTILL = without_standstill(FRAMEWORK_CALL_OFF, "framework-call-off-no-standstill",
                                             "Framework call-off, no standstill")

S54 = ("[V] Procurement Act 2023 s.54 minimum periods exist [S][13] but the commonly quoted values "
       "(25 days; 10 with a QPPN or urgency; 30 if not electronic) were not retrievable: edit to the "
       "verified minimum")
PREP = ("Preliminary market engagement, specification and procurement documents", "procurement", (30, 40, 60),
        "[A] domain brief §2.1 stage 3 (open / competitive flexible 20/30/45 wks in total)")
NOTICE_SRC = "[S][13] Procurement Act 2023: a tender notice starts the procedure (brief §2.2)"
SUMMARIES = ("Assessment summaries to every bidder", "procurement", (3, 5, 10),
             "[A] brief §2.1 stage 3 lists assessment summaries before the CAN; duration assumed")
AWARD = ("Award decision and governance approval (key decision / board)", "procurement", (10, 15, 25),
         "[A] council key decision, NHS board or departmental approval (brief §2.1 stage 2)")

SUMMARIES_AFTER = "Procurement Act 2023: assessment summaries follow the award decision"

OPEN_PROCEDURE = CutoverTemplate(
    "open-procedure", "Open procedure (Procurement Act 2023)",
    "Single-stage open tender (brief §2.2). Stage-3 total 20/30/45 weeks [A]; tendering period per "
    "s.54 [V].",
    "procurement",
    (
        _step("prep", *PREP),
        _step("tender_notice", "Tender notice published", "milestone", (0, 0, 0), NOTICE_SRC,
              ("prep", "§2.1 stage 3: documents ready before the tender notice")),
        _step("tendering", "Tendering period (s.54 minimum; verify)", "procurement", (20, 25, 35), S54,
              ("tender_notice", "Procurement Act 2023 s.54: tendering period runs from the tender notice")),
        _step("evaluation", "Evaluation, moderation and clarification", "procurement", (20, 30, 50),
              "[A] domain brief §2.1 stage 3", ("tendering", "§2.1 stage 3: tenders in before evaluation")),
        _step("award", *AWARD, ("evaluation", "§2.1 stage 3: evaluation complete before award")),
        _step("summaries", *SUMMARIES, ("award", SUMMARIES_AFTER)),
        *_award_tail("summaries"),
    ),
)

COMPETITIVE_FLEXIBLE = CutoverTemplate(
    "competitive-flexible", "Competitive flexible procedure (Procurement Act 2023)",
    "Participation stage, shortlist, then tendering with negotiation or dialogue rounds (brief §2.2). "
    "Stage-3 total 20/30/45 weeks [A]; participation and tendering periods per s.54 [V].",
    "procurement",
    (
        _step("prep", *PREP),
        _step("tender_notice", "Tender notice published (invitation to participate)", "milestone", (0, 0, 0),
              NOTICE_SRC, ("prep", "§2.1 stage 3: documents ready before the tender notice")),
        _step("participation", "Participation period: requests to participate (s.54 minimum; verify)",
              "procurement", (20, 25, 30), S54,
              ("tender_notice", "Procurement Act 2023 s.54: participation runs from the tender notice")),
        _step("shortlist", "Assess conditions of participation and shortlist", "procurement", (5, 10, 20),
              "[A] domain brief §2.1 stage 3",
              ("participation", "§2.1 stage 3: requests in before shortlisting")),
        _step("tendering", "Tendering with negotiation/dialogue rounds (s.54 minimum; verify)", "procurement",
              (20, 30, 45), S54, ("shortlist", "§2.1 stage 3: only shortlisted suppliers tender")),
        _step("evaluation", "Evaluation of final tenders and moderation", "procurement", (15, 20, 30),
              "[A] domain brief §2.1 stage 3",
              ("tendering", "§2.1 stage 3: final tenders in before evaluation")),
        _step("award", *AWARD, ("evaluation", "§2.1 stage 3: evaluation complete before award")),
        _step("summaries", *SUMMARIES, ("award", SUMMARIES_AFTER)),
        *_award_tail("summaries"),
    ),
)

BUILT_IN_TEMPLATES: tuple[CutoverTemplate, ...] = (
    STANDARD_WAVE, BIG_BANG, PHASED_SERVICE_LINE,
    FRAMEWORK_CALL_OFF, FRAMEWORK_NO_STANDSTILL, OPEN_PROCEDURE, COMPETITIVE_FLEXIBLE,
)
