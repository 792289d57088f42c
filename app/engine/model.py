"""The plan model: frozen dataclasses for everything a ccplan project holds.

A ``Plan`` is an immutable value. Edits (``app.engine.edits``) build a new plan and return the inverse edit;
storage, interchange JSON, the CLI and the UI all read and write these same objects. Money is GBP excluding
VAT as ``float`` pounds; durations and lags are whole working days; dates are ``datetime.date``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal, get_args

Nation = Literal["england-and-wales", "scotland", "northern-ireland"]
NATIONS: tuple[str, ...] = get_args(Nation)

Estate = Literal["current", "target"]
ESTATES: tuple[str, ...] = get_args(Estate)

DependencyType = Literal["FS", "SS", "FF", "SF"]
DEPENDENCY_TYPES: tuple[str, ...] = get_args(DependencyType)

Distribution = Literal["pert", "triangular"]
DISTRIBUTIONS: tuple[str, ...] = get_args(Distribution)

CostKind = Literal["one_off", "recurring"]
COST_KINDS: tuple[str, ...] = get_args(CostKind)

CostOption = Literal["migrate", "do_minimum"]
COST_OPTIONS: tuple[str, ...] = get_args(CostOption)

Treatment = Literal["capital", "revenue"]
TREATMENTS: tuple[str, ...] = get_args(Treatment)

OptimismBiasCategory = Literal["capital", "operating", "none"]
OB_CATEGORIES: tuple[str, ...] = get_args(OptimismBiasCategory)

AnchorEvent = Literal["start", "finish"]
ANCHOR_EVENTS: tuple[str, ...] = get_args(AnchorEvent)

Classification = Literal["OFFICIAL", "OFFICIAL-SENSITIVE"]
CLASSIFICATIONS: tuple[str, ...] = get_args(Classification)

Rag = Literal["green", "amber", "red"]
RAGS: tuple[str, ...] = get_args(Rag)

# Domain brief §1.1: the component kinds of a contact-centre estate (key, label).
COMPONENT_KINDS: tuple[tuple[str, str], ...] = (
    ("network", "Network / SD-WAN / internet breakout"),
    ("identity", "Identity / SSO / provisioning"),
    ("endpoint", "Agent desktops & headsets"),
    ("sip_trunk", "PSTN access / SIP trunking / SBC"),
    ("numbers", "Telephone numbers & porting"),
    ("acd", "ACD / queueing / routing"),
    ("ivr", "IVR / self-service"),
    ("cti", "CTI / agent desktop integration"),
    ("crm", "CRM & line-of-business integrations"),
    ("recording", "Call (and screen) recording"),
    ("qm", "Quality management"),
    ("wfm", "Workforce management"),
    ("payments", "Payments / PCI DSS (DTMF masking)"),
    ("webchat", "Webchat / chatbot"),
    ("email_social_sms", "Email / social / SMS"),
    ("knowledge", "Knowledge base"),
    ("reporting", "Reporting / MI / wallboards"),
    ("uc", "UC / Teams integration"),
    ("partner_routing", "Out-of-hours & partner routing"),
    ("service_management", "Resilience, security & service management"),
    ("nhs_switchboard", "NHS switchboard specials"),
    ("platform", "Contact-centre platform / tenant"),
)
COMPONENT_KIND_KEYS: tuple[str, ...] = tuple(k for k, _ in COMPONENT_KINDS)
COMPONENT_KIND_LABELS: dict[str, str] = dict(COMPONENT_KINDS)

# Domain brief §7: what happens to a component in the migration.
SYSTEM_ACTIONS: tuple[str, ...] = (
    "retain", "replace", "rebuild", "integrate", "port", "archive", "retire", "new", "upgrade", "change",
)

# Task kinds offered by the app (free text is allowed; ``cutover`` is the kind freezes hold back).
TASK_KINDS: tuple[str, ...] = (
    "discovery", "business_case", "procurement", "standstill", "design", "build", "integration", "test",
    "training", "pilot", "porting", "cutover", "parallel_run", "hypercare", "decommission", "data_migration",
    "archive", "dpia", "network", "milestone", "other",
)

# Domain brief §3.1 cost categories (free text is allowed).
COST_CATEGORIES: tuple[str, ...] = (
    "CCaaS licences", "Telephony usage", "Payments", "Supplier professional services", "Client programme team",
    "Integrations", "Training & backfill", "Hardware", "Network", "Number porting", "Data migration & archive",
    "Exit fees", "Decommissioning", "Refresh", "Compliance", "Other",
)


@dataclass(frozen=True)
class Freeze:
    """An inclusive date range in which no working day of a cutover task may fall (semantics §1).

    ``phases`` narrows the freeze to the cutovers of those phases (brief §5.5: a council-tax billing freeze
    holds the revenues wave, not the switchboard); empty means every cutover, as the semantics say.
    """

    name: str
    start: date
    end: date
    phases: tuple[str, ...] = ()


@dataclass(frozen=True)
class OptimismBias:
    """One Green Book optimism-bias uplift: an upper bound and the share of it mitigated (both fractions)."""

    upper: float
    mitigation: float = 0.0

    @property
    def resultant(self) -> float:
        """The uplift applied: ``(1 - mitigation) x upper`` (Green Book supplementary guidance)."""
        return (1.0 - self.mitigation) * self.upper


@dataclass(frozen=True)
class Project:
    """Project-wide settings."""

    name: str
    start_date: date
    nation: Nation = "england-and-wales"
    organisation: str = ""
    organisation_type: str = ""
    benchmark_months: float = 12.0
    discount_rate: float = 0.035
    appraisal_years: int = 10
    distribution: Distribution = "pert"
    # Green Book upper bounds [S]: equipment/development capex 200%, works duration 54%; outsourcing opex 41%.
    ob_capital: OptimismBias = OptimismBias(2.00)
    ob_duration: OptimismBias = OptimismBias(0.54)
    ob_operating: OptimismBias = OptimismBias(0.41)
    vat_rate: float = 0.20
    non_working_days: tuple[date, ...] = ()
    freezes: tuple[Freeze, ...] = ()
    status_date: date | None = None
    notes: str = ""
    # Programme tracking (docs/tracking.md): the baseline progress is measured against, the RAG thresholds
    # in working days of slip past it, and the name this version of the plan has among its scenarios.
    baseline: str | None = None
    rag_amber_days: int = 5
    rag_red_days: int = 20
    scenario_name: str = "Current plan"


@dataclass(frozen=True)
class System:
    """A component of the current or target estate (domain brief §1.1)."""

    id: str
    name: str
    estate: Estate
    kind: str
    action: str = "replace"
    vendor: str = ""
    seats: int = 0
    annual_run_cost: float = 0.0
    contract_end: date | None = None
    notice_days: int | None = None
    renewal_months: int | None = None
    exit_fee: float = 0.0
    personal_data: str = ""
    classification: Classification = "OFFICIAL"
    replaced_by: tuple[str, ...] = ()
    phase: str | None = None
    number_ranges: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class Integration:
    """A link between two systems.

    When ``dependency`` is true the target needs the source ready first (domain brief §1.2: ``A -> B``
    means A must be complete before B), so cycles among dependency links are errors. Plain data flows
    (``dependency`` false) may run both ways.
    """

    id: str
    source: str
    target: str
    name: str = ""
    kind: str = "dependency"
    dependency: bool = True
    coexistence_bridge: bool = False
    notes: str = ""


@dataclass(frozen=True)
class Role:
    """A staff role and its day rate in pounds."""

    id: str
    name: str
    day_rate: float


@dataclass(frozen=True)
class Phase:
    """A phase or wave of the programme; its dates are rolled up from its tasks."""

    id: str
    name: str
    description: str = ""
    agents: int = 0


@dataclass(frozen=True)
class Dependency:
    """A predecessor link: ``type`` per semantics §3 and a lag in working days (negative for a lead)."""

    task: str
    type: DependencyType = "FS"
    lag: int = 0
    reason: str = ""


@dataclass(frozen=True)
class Effort:
    """Days of a role spent on a task."""

    role: str
    days: float


@dataclass(frozen=True)
class Task:
    """A task: ``duration`` is the most-likely estimate in working days; 0 makes a milestone."""

    id: str
    name: str
    duration: int
    phase: str | None = None
    kind: str = "other"
    optimistic: int | None = None
    pessimistic: int | None = None
    distribution: Distribution | None = None
    predecessors: tuple[Dependency, ...] = ()
    systems: tuple[str, ...] = ()
    effort: tuple[Effort, ...] = ()
    start_no_earlier_than: date | None = None
    deadline: date | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    percent_complete: float = 0.0
    notes: str = ""

    @property
    def is_milestone(self) -> bool:
        """True for a zero-duration task."""
        return self.duration == 0

    @property
    def estimates(self) -> tuple[int, int, int]:
        """Optimistic, most likely and pessimistic working days (a single estimate repeats itself)."""
        low = self.duration if self.optimistic is None else self.optimistic
        high = self.duration if self.pessimistic is None else self.pessimistic
        return low, self.duration, high


@dataclass(frozen=True)
class CostAnchor:
    """When a recurring cost starts or ends: a fixed date, or the start or finish of a task."""

    date: date | None = None
    task: str | None = None
    event: AnchorEvent = "start"


@dataclass(frozen=True)
class RampStep:
    """From ``start`` on, a recurring line charges ``share`` (0..1) of its full monthly amount."""

    start: date
    share: float


@dataclass(frozen=True)
class CostLine:
    """A cost line (semantics §6).

    One-off lines cost ``unit_cost x quantity`` once: on ``date``, or spread over the working days of
    ``task``. Recurring lines cost ``unit_cost x quantity`` a month from ``start`` to ``end`` (``end`` None
    means the end of the appraisal horizon), scaled by any ``ramp``. ``low``/``high`` are optional
    optimistic/pessimistic totals for the line's amount (three-point cost).
    """

    id: str
    name: str
    category: str
    kind: CostKind
    unit_cost: float
    quantity: float = 1.0
    option: CostOption = "migrate"
    date: date | None = None
    task: str | None = None
    start: CostAnchor | None = None
    end: CostAnchor | None = None
    ramp: tuple[RampStep, ...] = ()
    low: float | None = None
    high: float | None = None
    vat_irrecoverable: float = 0.0
    treatment: Treatment = "revenue"
    ob_category: OptimismBiasCategory = "none"
    system: str | None = None
    phase: str | None = None
    source: str = ""
    notes: str = ""

    @property
    def amount(self) -> float:
        """The line's amount: a one-off total, or the full monthly charge of a recurring line."""
        return self.unit_cost * self.quantity


@dataclass(frozen=True)
class TemplateLink:
    """A link from one template step to an earlier one, with the domain rule it encodes."""

    step: str
    type: DependencyType = "FS"
    lag: int = 0
    reason: str = ""


@dataclass(frozen=True)
class TemplateStep:
    """One task a template creates. ``name`` may hold ``{systems}`` and ``{phase}`` placeholders."""

    key: str
    name: str
    kind: str
    duration: int
    optimistic: int | None = None
    pessimistic: int | None = None
    predecessors: tuple[TemplateLink, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class CutoverTemplate:
    """A reusable chain of tasks: a cutover (design to decommission) or a procurement route."""

    id: str
    name: str
    description: str = ""
    category: str = "cutover"
    steps: tuple[TemplateStep, ...] = ()


@dataclass(frozen=True)
class BaselineTask:
    """A task as a baseline saw it: its shown start and (inclusive) finish dates and its duration."""

    task: str
    name: str
    start: date
    finish: date
    duration: int = 0
    phase: str | None = None


@dataclass(frozen=True)
class BaselinePhase:
    """A phase's rolled-up dates when the baseline was saved."""

    phase: str
    name: str
    start: date
    finish: date


@dataclass(frozen=True)
class BaselineCost:
    """One cost item's total (pounds, base view: ex VAT, ex optimism bias) when the baseline was saved.

    ``item`` is the cost report's item id: a cost line's id, or a derived item such as ``effort:T05``.
    """

    item: str
    name: str
    amount: float
    category: str = ""


@dataclass(frozen=True)
class Baseline:
    """A named snapshot of the schedule and cost, kept so progress can be measured against it.

    Baselines are history: the tasks and cost items they name may since have been deleted or renamed.
    """

    id: str
    name: str
    saved: date
    start: date
    finish: date
    one_off: float = 0.0
    dual_running: float = 0.0
    total_migrate: float = 0.0
    npc_migrate: float = 0.0
    tasks: tuple[BaselineTask, ...] = ()
    phases: tuple[BaselinePhase, ...] = ()
    costs: tuple[BaselineCost, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class Scenario:
    """An alternative version of the whole plan (big bang vs phased, supplier A vs B, start later).

    ``plan`` is a complete plan with no scenarios of its own; its ``project.scenario_name`` is the name.
    """

    id: str
    plan: Plan

    @property
    def name(self) -> str:
        """The scenario's name: its plan's ``project.scenario_name``."""
        return self.plan.project.scenario_name


@dataclass(frozen=True)
class Plan:
    """A whole project. Collections are tuples in display order; ids are unique within each collection."""

    project: Project
    systems: tuple[System, ...] = ()
    integrations: tuple[Integration, ...] = ()
    roles: tuple[Role, ...] = ()
    phases: tuple[Phase, ...] = ()
    tasks: tuple[Task, ...] = ()
    cost_lines: tuple[CostLine, ...] = field(default=())
    templates: tuple[CutoverTemplate, ...] = ()
    baselines: tuple[Baseline, ...] = ()
    scenarios: tuple[Scenario, ...] = ()

    @cached_property
    def system_by_id(self) -> dict[str, System]:
        """Systems keyed by id."""
        return {s.id: s for s in self.systems}

    @cached_property
    def task_by_id(self) -> dict[str, Task]:
        """Tasks keyed by id."""
        return {t.id: t for t in self.tasks}

    @cached_property
    def phase_by_id(self) -> dict[str, Phase]:
        """Phases keyed by id."""
        return {p.id: p for p in self.phases}

    @cached_property
    def role_by_id(self) -> dict[str, Role]:
        """Roles keyed by id."""
        return {r.id: r for r in self.roles}

    @cached_property
    def baseline_by_id(self) -> dict[str, Baseline]:
        """Baselines keyed by id."""
        return {b.id: b for b in self.baselines}

    @property
    def active_baseline(self) -> Baseline | None:
        """The baseline chosen in the project settings, if it exists."""
        chosen = self.project.baseline
        return None if chosen is None else self.baseline_by_id.get(chosen)


def new_plan(name: str, start_date: date, nation: Nation = "england-and-wales") -> Plan:
    """Return an empty plan with default settings."""
    return Plan(project=Project(name=name, start_date=start_date, nation=nation))
