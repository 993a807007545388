"""What seed 004 says about the bodies, as data: the governance chart (Appendix 2), the Strategic Home Care
Commissioning Group ToR V0.6 (Appendix 3), the Home Care/Personal Assistance Commissioning Board ToR V1.0
(Appendix 4) and the scrutiny co-option paragraphs. Texts are the seed's own words; where the seed is silent the
field is left empty.
"""

import datetime as dt

LCC = "Leeds City Council"
CCG = "Leeds South and East Clinical Commissioning Group"
LCH = "Leeds Community Healthcare"

ORGANISATIONS = [
    (LCC, "council"),
    (CCG, "nhs"),
    (LCH, "nhs"),
    ("Labour Party", "political_party"),
    ("Morley Borough Independent Party", "political_party"),
    ("Conservative Party", "political_party"),
    ("Green Party", "political_party"),
    ("Complete Care Agency", "independent_provider"),
    ("Vive Social Care Ltd", "independent_provider"),
    ("Allied Healthcare Group", "independent_provider"),
    ("Springfield Home Care", "independent_provider"),
    ("The Human Support Group Ltd", "independent_provider"),
    ("Moorcare (Leeds Jewish Welfare Board)", "third_sector"),
]

# (name, job title, organisation, service area)
PEOPLE = [
    ("Dennis Holmes", "Deputy Director (Adult Social Care)", LCC, "Adult Social Care"),
    ("Mick Ward", "Head of Commissioning", LCC, "ASC Commissioning"),
    ("Mark Phillott", "Head of Contracts and Business Development", LCC, "ASC Commissioning"),
    ("John Crowther", "Principal Finance Manager", LCC, "ASC Finance"),
    ("Michelle Atkinson", "Commissioning Manager", LCC, "ASC Commissioning"),
    ("Tony Callaghan", "Commissioning Officer", LCC, "ASC Commissioning"),
    ("Jason Lane", "Assistant Commissioning Manager", LCC, "ASC Commissioning"),
    ("Tracey Cooper", "OD Business Partner", LCC, "ASC Organisational Development"),
    ("Maggie King", "Principal Officer", LCC, "ASC Commissioning"),
    ("Susan Richardson", "Care Communication Manager", LCC, "ASC Commissioning"),
    ("Georgia Young", "Project Leader", LCC, "ASC Programme Office"),
    ("Tony Bailey", "Strategic Category Manager", LCC, "Corporate Procurement"),
    ("Liz Ward", "Head of Service", LCC, "ASC Access and Care"),
    ("Kim Maslyn", "Head of Service", LCC, "ASC Support and Enablement"),
    ("Kuldeep Bajwa", "Consultation & Involvement Officer", LCC, "ASC Commissioning"),
    ("Lizzie Whewell", "Information & Involvement Manager", LCC, "ASC Information and Involvement"),
    ("Hilary Paxton", "Head of Safeguarding Adults", LCC, "ASC Safeguarding"),
    ("Barry Bridle", "Support Services Officer", LCC, "ASC Commissioning"),
    ("Annemarie Bradley", "Senior Project Officer", LCC, "ASC Programme Office"),
    ("Julie Bootle", "", LCC, "ASC Access and Care"),
    ("Bernadette Murphy", "", LCC, "Public Health"),
    ("Tim Sanders", "Dementia Strategy Lead", LCC, "ASC"),
    ("Linda Randall", "", LCC, "ASC Business Change"),
    ("Sue Carrington", "", LCC, "ASC BST"),
    ("Ellie Wood", "", LCC, "ASC Programme Office"),
    ("Karen Douglas", "", LCC, "ASC Commissioning"),
    ("Cheryl Ward", "", LCC, "ASC Finance"),
    ("Gill Dickinson", "", LCC, "ASC Organisational Development"),
    ("Stacey Gilman", "", LCC, "Corporate Procurement"),
    ("Jason Beavors", "", LCC, "LCC IM&T"),
    ("Andrea Dobson", "", CCG, ""),
    ("Diane Boyne", "Commissioning Lead – Community Services and Continuing Care", CCG, ""),
    ("Brian Ladd", "", CCG, ""),
    ("Amandip Gosal", "", CCG, ""),
    ("Megan Rowlands", "", LCH, ""),
    ("Cllr Adam Ogilvie", "Executive Board Member", "Labour Party", ""),
    ("Cllr Shirley Varley", "Elected Member, Morley", "Morley Borough Independent Party", ""),
    ("Cllr Graham Latty", "Shadow Spokesman, Health and Adult Social Care", "Conservative Party", ""),
    ("Cllr Ann Blackburn", "Green Party Group Whip", "Green Party", ""),
    ("Louise Copley", "", "Complete Care Agency", ""),
    ("Lucy Towers", "", "Vive Social Care Ltd", ""),
    ("Theresa Constive", "", "Allied Healthcare Group", ""),
    ("Dan Donahue", "", "The Human Support Group Ltd", ""),
    ("Allison Wilcock", "", "Moorcare (Leeds Jewish Welfare Board)", ""),
    ("Hatim Hassan", "Service User Representation", None, ""),
    ("Shindi Dahri", "Service User Representation", None, ""),
]

HOST_BOARD = "home-care-pa-commissioning-board"
PROJECT_BOARD = "project-board"
STRATEGIC_GROUP = "strategic-group"

# slug: fields. Order matters: a body's parents come before it.
BODIES = {
    "directorate-leadership-team": dict(
        name="ASC Directorate Leadership Team",
        short_name="DLT",
        kind="directorate_leadership",
        level="strategic",
        position=10,
    ),
    "directorate-senior-management-team": dict(
        name="ASC Directorate Senior Management Team",
        short_name="DSMT",
        kind="directorate_leadership",
        level="strategic",
        position=20,
    ),
    "asc-commissioning-board": dict(
        name="ASC Commissioning Board",
        short_name="ASC Commissioning Board",
        also_known_as="Adult Commissioning Board",
        kind="commissioning_board",
        level="strategic",
        position=30,
    ),
    HOST_BOARD: dict(
        name="Home Care/Personal Assistance Commissioning Board",
        short_name="Home Care/PA Commissioning Board",
        kind="operational_board",
        level="",
        capacity_name="Operational Board",
        position=50,
        reports_to="directorate-senior-management-team",
        purpose=(
            "The Home Care / Personal Assistance Commissioning Board's overall aim is to manage commissioning of "
            "home care and personal assistance services. The Board is responsible for all operational matters "
            "associated with day-to-day management of home care contracts by ASC Commissioning, and acts as the "
            "project board for the Home Care Redesign and Commissioning (HCRC) Project."
        ),
    ),
    PROJECT_BOARD: dict(
        name="Home Care Redesign and Commissioning Project Board",
        short_name="Project Board",
        kind="project_board",
        level="project_board",
        capacity_of=HOST_BOARD,
        capacity_name="Project Board",
        position=60,
        reports_to="asc-commissioning-board",
        refers_disagreements_to="asc-commissioning-board",
        purpose=(
            "The Home Care / Personal Assistance Commissioning Board oversees and directs day-to-day home care "
            "commissioning and contracting within ASC and acts as project board for the Home Care Redesign and "
            "Commissioning Project."
        ),
    ),
    STRATEGIC_GROUP: dict(
        name="Strategic Home Care Commissioning Group",
        short_name="Strategic Group",
        kind="strategic_group",
        level="strategic",
        position=40,
        reports_to=PROJECT_BOARD,
        refers_disagreements_to=PROJECT_BOARD,
        # The seeds do not say which bodies publish their papers; the demo publishes the Strategic Group's and the
        # Scrutiny Board's (a council committee whose pack is itself a public document). To be confirmed by the council.
        publishes_papers=True,
        purpose="To provide strong and effective strategic leadership for the Home Care Redesign and Commissioning "
        "Project.",
    ),
    "project-team": dict(
        name="Home Care Redesign and Commissioning Project Team",
        short_name="Project Team",
        kind="project_team",
        level="delivery",
        position=70,
        reports_to=PROJECT_BOARD,
        purpose=(
            "To oversee the delivery of the Home Care Redesign and Commissioning Project and have responsibility for "
            "the planning and execution of the project in line with the project plan."
        ),
    ),
    "scrutiny-board-health-wellbeing-asc": dict(
        name="Scrutiny Board (Health and Wellbeing and Adult Social Care)",
        short_name="Scrutiny Board",
        kind="scrutiny_board",
        level="",
        position=90,
        publishes_papers=True,
    ),
}


# Seats: (body slug, person or None, dict of membership fields). position is the order in the ToR table.
def _m(person, role, **fields):
    return person, dict(role=role, **fields)


MEMBERSHIPS = {
    STRATEGIC_GROUP: [
        _m(
            "Cllr Adam Ogilvie",
            "chair",
            constituency="councillor",
            title="Executive Board Member",
            service_area="Labour Party",
        ),
        _m(
            "Cllr Shirley Varley",
            "member",
            constituency="councillor",
            title="Elected Member, Morley",
            service_area="Morley Borough Independent Party",
        ),
        _m(
            "Cllr Graham Latty",
            "deputy_chair",
            constituency="councillor",
            title="Shadow Spokesman, Health and Adult Social Care",
            service_area="Conservative Party",
        ),
        _m(
            "Cllr Ann Blackburn",
            "member",
            constituency="councillor",
            title="Green Party Group Whip",
            service_area="Green Party",
        ),
        _m(None, "member", constituency="councillor", seat_label="Cllr. to be confirmed", confirmed=False),
        _m("Bernadette Murphy", "member", constituency="public_health", title="Public Health", service_area="LCC"),
        _m("Tim Sanders", "member", constituency="officer", title="Dementia Strategy Lead", service_area="ASC"),
        _m(
            "Diane Boyne",
            "member",
            constituency="nhs",
            title="Commissioning Lead – Community Services and Continuing Care",
            service_area="Leeds S&E CCG",
        ),
        _m(
            None,
            "member",
            constituency="nhs",
            seat_label="To be confirmed (Leeds Community Healthcare)",
            service_area="Leeds Community Healthcare",
            confirmed=False,
        ),
        _m(
            "Louise Copley",
            "member",
            constituency="provider",
            title="Complete Care Agency",
            service_area="Independent Sector Home Care Provider with LCC contract",
        ),
        _m(
            "Lucy Towers",
            "member",
            constituency="provider",
            title="Vive Social Care Ltd",
            service_area="Independent Sector Home Care Provider with LCC contract",
        ),
        _m(
            "Theresa Constive",
            "member",
            constituency="provider",
            title="Allied Healthcare Group",
            service_area="Independent Sector Home Care Provider with LCC contract",
        ),
        _m(
            None,
            "member",
            constituency="provider",
            seat_label="To be confirmed (Springfield Home Care)",
            title="Springfield Home Care",
            service_area="Independent Sector Home Care Provider with LCC contract",
            confirmed=False,
        ),
        _m(
            "Dan Donahue",
            "member",
            constituency="provider",
            title="The Human Support Group Ltd",
            service_area="Independent Sector Home Care Provider with LCC contract",
        ),
        _m(
            "Allison Wilcock",
            "member",
            constituency="provider",
            title="Moorcare (Leeds Jewish Welfare Board)",
            service_area="Third Sector Home Care Provider with LCC contract",
        ),
        _m(
            None,
            "member",
            constituency="vcf_sector",
            seat_label="Voluntary, Community and Faith Sector to be confirmed",
            confirmed=False,
        ),
        _m(None, "member", constituency="trade_union", seat_label="Trade union rep to be confirmed", confirmed=False),
        _m(
            "Hatim Hassan",
            "member",
            constituency="service_user",
            title="Service User Representation",
            service_area="Service User",
        ),
        _m(
            "Shindi Dahri",
            "member",
            constituency="service_user",
            title="Service User Representation",
            service_area="Service User",
        ),
        _m(
            None,
            "member",
            constituency="service_user",
            seat_label="To be confirmed (Service User Representation)",
            title="Service User Representation",
            confirmed=False,
        ),
        _m(
            None,
            "member",
            constituency="service_user",
            seat_label="To be confirmed (Service User Representation)",
            title="Service User Representation",
            confirmed=False,
        ),
        _m(
            "Mick Ward",
            "in_attendance",
            is_project_sponsor=True,
            title="Project Sponsor",
            service_area="ASC Head of Commissioning",
            voting=False,
        ),
        _m(
            "Georgia Young", "reporting_officer", title="Project Lead", service_area="Project Leader, ASC", voting=False
        ),
        _m(
            "Annemarie Bradley",
            "meeting_support",
            title="Project Support",
            service_area="Senior Project Officer, ASC",
            voting=False,
        ),
        _m(
            "Michelle Atkinson",
            "in_attendance",
            title="Project Executive/ Business Lead",
            service_area="Older People's Commissioning Manager, ASC",
            voting=False,
        ),
        _m(
            "Barry Bridle",
            "meeting_support",
            title="Meeting Support",
            service_area="Support Services Officer, ASC",
            voting=False,
        ),
    ],
    HOST_BOARD: [
        _m(
            "Mick Ward",
            "chair",
            is_decision_maker=True,
            title="Head of Service",
            service_area="ASC Commissioning",
            responsibility="Chair and Head of Service, decision-maker",
        ),
        _m(
            "Mark Phillott",
            "deputy_chair",
            is_decision_maker=True,
            title="Head of Contracts and Business Development",
            service_area="ASC Commissioning",
            responsibility="Deputy Chair, decision-maker",
        ),
        _m(
            "John Crowther",
            "member",
            title="Principal Finance Manager",
            service_area="ASC Finance",
            responsibility="Reporting on budget issues associated with home care provision commissioned by ASC.",
        ),
        _m(
            "Andrea Dobson",
            "member",
            service_area="Leeds South and East Clinical Commissioning Group (CCG)",
            responsibility="Reporting on commissioning of home care and related services by CCGs.",
        ),
        _m(
            "Michelle Atkinson",
            "decision_maker",
            is_decision_maker=True,
            title="Commissioning Manager",
            service_area="ASC Commissioning",
            responsibility="Decision-maker",
        ),
        _m(
            "Tony Callaghan",
            "in_attendance",
            voting=False,
            title="Commissioning Officer",
            service_area="ASC Commissioning",
            responsibility="Reporting on Integration and Recovery, Rehabilitation, Reablement Projects",
        ),
        _m(
            "Jason Lane",
            "in_attendance",
            voting=False,
            title="Assistant Commissioning Manager",
            service_area="ASC Commissioning",
            responsibility="Reporting on Electronic Care Brokerage and Monitoring Project",
        ),
        _m(
            "Tracey Cooper",
            "in_attendance",
            voting=False,
            title="OD Business Partner",
            service_area="ASC Organisational Development",
            responsibility="Reporting on workforce development for home care staff",
        ),
        _m(
            "Maggie King",
            "in_attendance",
            voting=False,
            title="Principal Officer",
            service_area="ASC Commissioning",
            responsibility="Reporting on quality and performance of home care providers",
        ),
        _m(
            "Susan Richardson",
            "in_attendance",
            voting=False,
            title="Care Communication Manager",
            service_area="ASC Commissioning",
            responsibility="Reporting on Care Communication Centre – outstanding ISAs",
        ),
        _m(
            "Georgia Young",
            "in_attendance",
            voting=False,
            title="Project Leader",
            service_area="ASC Programme Office",
            responsibility="Reporting on Home Care Redesign and Commissioning Project",
        ),
    ],
    PROJECT_BOARD: [
        _m(
            "Mick Ward",
            "chair",
            is_project_sponsor=True,
            is_decision_maker=True,
            title="Head of Service",
            service_area="ASC Commissioning",
        ),
        _m(
            "Mark Phillott",
            "decision_maker",
            is_decision_maker=True,
            decision_maker_kind="senior_supplier",
            title="Head of Contracts and Business Development",
            service_area="ASC Commissioning",
        ),
        _m(
            "John Crowther",
            "decision_maker",
            is_decision_maker=True,
            decision_maker_kind="senior_supplier",
            title="Principal Finance Manager",
            service_area="ASC Finance",
        ),
        _m(
            "Tony Bailey",
            "decision_maker",
            is_decision_maker=True,
            decision_maker_kind="senior_supplier",
            title="Strategic Category Manager",
            service_area="LCC – Corporate Procurement",
        ),
        _m(
            "Liz Ward",
            "decision_maker",
            is_decision_maker=True,
            decision_maker_kind="senior_user",
            title="Head of Service",
            service_area="ASC Access and Care",
        ),
        _m(
            "Kim Maslyn",
            "decision_maker",
            is_decision_maker=True,
            decision_maker_kind="senior_user",
            title="Head of Service",
            service_area="ASC Support and Enablement",
        ),
        _m(
            "Megan Rowlands",
            "decision_maker",
            is_decision_maker=True,
            decision_maker_kind="senior_user",
            confirmed=False,
            service_area="Leeds Community Healthcare (LCH)",
        ),
        _m(
            "Andrea Dobson",
            "decision_maker",
            is_decision_maker=True,
            decision_maker_kind="senior_user",
            service_area="Leeds South and East Clinical Commissioning Group (CCG)",
        ),
        _m("Michelle Atkinson", "project_executive", title="Commissioning Manager", service_area="ASC Commissioning"),
        _m(
            "Tracey Cooper",
            "decision_maker",
            is_decision_maker=True,
            decision_maker_kind="senior_supplier",
            title="OD Business Partner",
            service_area="ASC Organisational Development",
        ),
        _m(
            "Georgia Young",
            "in_attendance",
            voting=False,
            title="Project Leader",
            service_area="ASC Programme Office",
            responsibility="Project Management Lead",
        ),
        _m(
            "Kuldeep Bajwa",
            "in_attendance",
            voting=False,
            title="Consultation & Involvement Officer",
            service_area="ASC Commissioning",
            responsibility="Engagement and Consultation lead",
        ),
        _m(
            "Lizzie Whewell",
            "in_attendance",
            voting=False,
            title="Information & Involvement Manager",
            service_area="ASC Information and Involvement",
            responsibility="Communication lead",
        ),
        _m(
            "Hilary Paxton",
            "in_attendance",
            voting=False,
            title="Head of Safeguarding Adults",
            service_area="ASC Safeguarding",
        ),
        _m(
            "Barry Bridle",
            "meeting_support",
            voting=False,
            title="Support Services Officer",
            service_area="ASC Commissioning",
            responsibility="Administration",
        ),
        _m("Maggie King", "in_attendance", voting=False, title="Principal Officer", service_area="ASC Commissioning"),
    ],
    "project-team": [
        _m("Michelle Atkinson", "chair", title="Chair & Project Executive", service_area="ASC Commissioning"),
        _m("Georgia Young", "member", title="Project Management Lead", service_area="ASC Programme Office"),
        _m("Tony Callaghan", "member", title="Work Stream Lead, RRR and Integration rep"),
        _m("Lizzie Whewell", "member", title="Work Stream Lead"),
        _m(
            "Brian Ladd",
            "member",
            service_area="Leeds S&E CCG",
            constituency="nhs",
            responsibility="Brian Ladd/Amandip Gosal",
        ),
        _m("Jason Lane", "member", title="Work Stream Lead & ECBM Project rep"),
        _m("Kuldeep Bajwa", "member", title="Work Stream Lead"),
        _m("Maggie King", "member", title="ASC Commissioning rep"),
        _m("Cheryl Ward", "member", title="Finance Work Stream Lead"),
        _m("Gill Dickinson", "member", title="Work Stream Lead"),
        _m("Stacey Gilman", "member", title="Corporate Procurement rep"),
        _m("Jason Beavors", "member", title="LCC IM&T"),
        _m("Annemarie Bradley", "meeting_support", voting=False, title="Project support"),
        _m("Ellie Wood", "meeting_support", voting=False, title="Project support"),
        _m("Karen Douglas", "meeting_support", voting=False, title="Project Support", service_area="ASC Commissioning"),
        _m(
            "Linda Randall",
            "in_attendance",
            voting=False,
            title="ASC Business Change rep",
            responsibility="Attends for specific discussion items and to present reports",
        ),
        _m(
            "Sue Carrington",
            "in_attendance",
            voting=False,
            title="ASC BST rep",
            responsibility="Attends for specific discussion items and to present reports",
        ),
    ],
    "scrutiny-board-health-wellbeing-asc": [
        _m(
            None,
            "co_opted",
            voting=False,
            confirmed=False,
            co_option_inquiry="Review of Homecare Services in Leeds",
            seat_label="Non-voting co-opted member (nomination sought through HealthWatch Leeds)",
        ),
        _m(
            None,
            "co_opted",
            voting=False,
            confirmed=False,
            co_option_inquiry="Review of Homecare Services in Leeds",
            seat_label="Non-voting co-opted member (nomination sought through HealthWatch Leeds)",
        ),
    ],
}

STRATEGIC_GOVERNANCE = [
    (
        "3.1",
        "The Strategic Group will be Chaired by Councillor Ogilvie. In the event of the Chairs' absence at the "
        "Board and Cllr. Latty will act as deputy.",
    ),
    ("3.2", "The Chair and the Head of Service for ASC Commissioning will jointly agree membership of this Group."),
    (
        "3.3",
        "The Group will be quorate when at least 5 members are in attendance, to include representation at a "
        "minimum of 2 Councillors, 2 Providers, and a Service User.",
    ),
    (
        "3.4",
        "Others may, at the discretion of the Chair, be invited to attend meetings when required or may be "
        "co-opted on to the Group.",
    ),
    (
        "3.5",
        "In the event of absence, named deputies should be allocated by each member. These deputies must have "
        "authority to speak on behalf of the organisation or stakeholder group they represent, so they can respond "
        "appropriately to issues raised within the Group.",
    ),
    (
        "3.6",
        "Meetings can be convened at the discretion of the Chair outside of the 6-weekly meetings if the need "
        "arises. Notice of these meetings will be given in advance as far as possible.",
    ),
    (
        "3.7",
        "The Group will provide strong and effective strategic leadership for the Home Care Redesign and "
        "Commissioning Project. The Group will provide high quality, well considered advice and recommendations to the "
        "Project Board which is the decision-making body for the project.",
    ),
    (
        "3.8",
        "The Group will receive updates from the Home Care Redesign and Commissioning Project Board and report "
        "to this Board.",
    ),
    (
        "3.9",
        "The Strategic Home Care Commissioning Group will receive reports, advice, support and information "
        "routinely at its meetings and upon request from:\n- Head of Commissioning (Project Sponsor)\n- Project Leader\n"
        "- Commissioning Manager (Project Executive)\n- Advisers (internal and external) appointed by the Project.",
    ),
    (
        "3.10",
        "Where agreement on any issue cannot be reached by the Strategic Group it will be referred to the "
        "Project Board.",
    ),
    (
        "3.11",
        "Pre-meeting briefings will be conducted for Cllr Ogilvie and other Councillor members and will be led "
        "by the project executive/business lead (Michelle Atkinson) with the project leader in attendance as required.",
    ),
    ("3.12", "The Strategic Group will meet for 2 hours on an agreed regular cycle of every 6 weeks."),
    (
        "3.13",
        "An agenda will be prepared by the secretariat for this Group and approved by the Project Sponsor and Chair.",
    ),
    (
        "3.14",
        "The agenda for the meeting will be sent out five working days in advance of the Strategic Group "
        "meeting taking place. The agenda will be prepared by the meeting support staff, project leader(s) and approved "
        "by the Chair.",
    ),
    ("3.15", "Support for the Group will be provided by ASC Commissioning and ASC Programme Office."),
    (
        "3.16",
        "Meeting notes will be produced following each meeting and circulated five working days prior to the "
        "next meeting once approved by the Chair as an accurate record.",
    ),
    ("3.17", "The Terms of Reference will be reviewed after six months."),
]

STRATEGIC_OBJECTIVES = [
    (
        "Overall Objective",
        "To provide strong and effective strategic leadership for the Home Care Redesign and Commissioning Project.",
    ),
    (
        "Specific Functions",
        "The membership of the Strategic Home Care Commissioning Group (Strategic Group) has been "
        "selected so as to provide a wide range of views and experience. Its aim will be to ensure a connection between "
        "strategy and delivery, and city-wide and local interests.",
    ),
    (
        "Specific Functions",
        "To provide high quality, well considered advice and recommendations on matters arising "
        "during the project lifecycle which require wider consideration than possible at the Project Board and project "
        "team levels.",
    ),
    ("Specific Functions", "To report to and provide feedback to the Project Board on key developments."),
    (
        "Specific Functions",
        "Provide a quality assurance role during the consultation and, subject to the necessary "
        "approvals, implementation phase.",
    ),
    ("Specific Functions", "Act as a channel of communication with communities of place and interest."),
]

STRATEGIC_ROLES = [
    (
        "Chair",
        "The Chair of the Strategic Home Care Commissioning Group will be Executive Member (for Adult Social "
        "Care), Councillor Adam Ogilvie.\n- The Chair will be supported by the Head of Service for Commissioning, Mick "
        "Ward, whenever appropriate due to the specialist nature of the project.\n- The Chair will oversee effective "
        "management of the political interface with other local elected ward members and area committees.\n- The Chair "
        "will share the responsibilities set out below for the Group members and will have oversight of all "
        "recommendations made.",
    ),
    (
        "Group Members",
        "Strategic Group Members will provide support to the Chair in relation to the project and are "
        "responsible for:\n"
        "- Providing an input to the development, planning and design of home care services that meets the needs of "
        "the citizens of Leeds.\n"
        "- Advising on key project products and outcomes.\n"
        "- Monitoring and advising on implications of developments on policy that affect home care in Leeds.\n"
        "- Providing an input and monitoring the development, planning and implementation of the Home Care Re-Design "
        "and Commissioning project.\n"
        "- Providing input to the resolution of strategic and directional issues throughout the project.\n"
        "- Providing input on the acceptable risk profile and risk thresholds for the project monitoring progress "
        "against the project plan.\n"
        "- Ensuring the integrity of the project.\n"
        "- Ensure a connection between strategic interests and local interests.\n"
        "- Provide assurance to their service area, or community of place or interest.\n"
        "- Reporting back to and obtaining input from their service area or community of place or interest on relevant "
        "issues to inform discussions at the Group meetings.\n"
        "- Maintain an overview of partnership activity ensuring that relevant links are made between the city and "
        "locality based partnerships and that cross cutting issues are reflected in the work of the Project.\n"
        "- Contribute to the effective management of the political interface with other local elected ward members and "
        "area committees.\n"
        "- To provide a platform to monitor all aspects of diversity and equality and their relevance and impact to the "
        "project.\n"
        "- Help to identify equality and sustainable developments within the project.\n"
        "- Ensure transparency, sharing of good practice and collaborative working.",
    ),
]

STRATEGIC_TOR = dict(
    title="Strategic Home Care Commissioning Group Terms of Reference",
    version="0.6",
    status="draft",
    date=dt.date(2014, 2, 20),
    effective_from=dt.date(2014, 2, 20),
    authors="Annemarie Bradley, Senior Project Officer, ASC; Georgia Young, Project Leader, ASC; "
    "Michelle Atkinson, Commissioning Manager, ASC",
    description_of_changes="Amendments requested by Project Board",
    document_purpose=(
        "This document can be used by the Project Executive to confirm that the terms of reference for a specific "
        "Group are clearly defined, and roles and responsibilities are clearly understood. This is a generic set of "
        "terms that can be expanded to reflect the requirements of a specific project."
    ),
    project_title="Home Care Redesign and Commissioning Project",
    project_reference="130617 a PROJ Home Care Redesign and Commissioning",
    directorate="Adult Social Care",
    project_sponsor="Mick Ward, Head of Commissioning",
    project_executive="Michelle Atkinson, Older People's Commissioning Manager, ASC",
    project_lead="Georgia Young, Project Leader, ASC",
    theme="Better Lives for Housing, Care and Support",
    meeting_length_minutes=120,
    cycle_weeks=6,
    agenda_notice_working_days=5,
    minutes_rule="before_next_meeting",
    minutes_working_days=5,
    extraordinary_notice_days="In advance as far as possible (3.6)",
    review_after_months=6,
    review_date=dt.date(2014, 8, 20),
)

STRATEGIC_REVISIONS = [
    ("0.1", "draft", dt.date(2013, 11, 15), "AB", "First Draft"),
    ("0.2", "draft", dt.date(2013, 11, 20), "GY & MA", "Amendments"),
    ("0.3", "draft", dt.date(2013, 11, 29), "AB", "Consolidation"),
    ("0.4", "draft", dt.date(2014, 1, 14), "AB", "Amendments from first Strategic Group"),
    ("0.5", "draft", dt.date(2014, 1, 23), "GY", "Amendments re membership"),
    ("0.6", "draft", dt.date(2014, 2, 20), "GY", "Amendments requested by Project Board"),
]

STRATEGIC_DISTRIBUTION = [
    ("", "Strategic Home Care Commissioning Group", dt.date(2014, 1, 13), "V0.3"),
    ("", "Home Care Redesign and Commissioning Project Board", dt.date(2014, 2, 14), "V0.5"),
]

BOARD_TOR = dict(
    title="Home Care/Personal Assistance Commissioning Board Terms of Reference",
    version="1.0",
    status="final",
    # The document is dated "23rd January 2013" and says it was approved on 6.12.13; it governs from approval.
    date=dt.date(2013, 1, 23),
    effective_from=dt.date(2013, 12, 6),
    approved_by="Project Board",
    approved_on=dt.date(2013, 12, 6),
    authors="Georgia Young, Project Lead",
    description_of_changes="Final – approved by Project Board on 6.12.13",
    document_purpose=(
        "This document defines the Board's terms of reference and is used to ensure roles and responsibilities are "
        "clearly understood by Board members and others involved in the commissioning of home care."
    ),
    project_title="Home Care Redesign and Commissioning Project",
    project_reference="130617 a",
    directorate="Adult Social Care",
    parent_programme="N/A",
    senior_responsible_officer="Dennis Holmes",
    project_sponsor="Mick Ward, Head of Commissioning ASC",
    project_executive="Michelle Atkinson, Principal Officer, ASC",
    project_lead="Georgia Young, Project Leader, ASC",
    meeting_length_minutes=150,
    cycle_weeks=6,
    agenda_notice_working_days=5,
    minutes_rule="after_approval",
    minutes_working_days=5,
    extraordinary_min_members=4,
    extraordinary_notice_days="1-5 days",
)

BOARD_OBJECTIVES = [
    (
        "Overall Aim",
        "The Home Care / Personal Assistance Commissioning Board's overall aim is to manage commissioning "
        "of home care and personal assistance services. The Board is responsible for all operational matters associated "
        "with day-to-day management of home care contracts by ASC Commissioning, and acts as the project board for the "
        "Home Care Redesign and Commissioning (HCRC) Project.",
    ),
    (
        "Overall Aim",
        "The aim of the HCRC Project is to create, implement and evaluate a new service delivery model, "
        "procurement and contracting approach for independent sector home care provision in Leeds by April 2016.",
    ),
    *[
        ("In its operational management capacity the Board's objectives are to:", text)
        for text in [
            "Receive reports of the existing Framework providers and related matters and give direction to lead officers "
            "as required.",
            "Establish the priorities, on-going scope, coordination and phasing of the projects required for "
            "commissioning and delivery of home care and home care related services.",
            "Receive reports on the progress of the projects and provide a framework of performance management for the "
            "projects.",
            "Make recommendations to ASC Directorate Senior Management Team (DSMT) and Directorate Leadership Team (DLT) "
            "in relation to home care and related services' design, performance, operation and delivery.",
        ]
    ],
    *[
        ("In its capacity as the Home Care Redesign and Commissioning Project Board the objectives are:", text)
        for text in [
            "To monitor the overall progress of the project, approve major plans and take key decisions.",
            "To champion the project as appropriate and balance the demands of the business (Adult Social Care), user and "
            "supplier.",
            "To ensure that the project takes account of and interfaces with existing good practice elements of project "
            "management within LCC (DSC).",
            "To highlight changes to corporate strategy or the external environment which might impact on the project's "
            "scope or viability.",
            "To ensure that adequate ownership and sponsorship are provided to the project at a senior management and "
            "elected member level.",
            "To identify resource needs and support the Executive in ensuring that appropriate resources are made "
            "available.",
            "To take ownership of project risks and resolve areas of conflict.",
            "To support the Executive and Project Leader in their roles.",
            "To check and agree items to be submitted to the Strategic Home Care Commissioning Group, Adult Commissioning "
            "Board, ASC DSMT, DLT, Executive Board and other governing and stakeholder groups.",
            "To ensure that developments in service delivery meet commissioning objectives of Adult Social Care.",
            "To consider the views of the wider stakeholder group in deciding issues related to the project.",
        ]
    ],
]

BOARD_GOVERNANCE = [
    (
        "3.1",
        "The Board will be chaired by Mick Ward. In the event of the Chair's absence at the Board it will be "
        "chaired by Mark Phillott.",
    ),
    (
        "3.2",
        "The Board will be quorate when the Project Sponsor (Chair) and 2 other decision-makers are in attendance.",
    ),
    (
        "3.3",
        "In the event of absence, named deputies must be allocated by each member. These deputies must have "
        "delegated decision making powers from the Board member, so they can make decisions and respond appropriately "
        "to issues raised within the Board.",
    ),
    (
        "3.4",
        "Other officers may, at the discretion of the Chair, be invited to attend meetings when required or may "
        "be co-opted on to the Board.",
    ),
    (
        "3.5",
        "The Board will receive reports, advice, support and information routinely at its meetings and upon "
        "request from:\n- Commissioning Managers and other staff\n- Project Leaders\n- Project Executives\n"
        "- Project Team Members\n- Advisers (internal and external) appointed by the Project.",
    ),
    (
        "",
        "The Board will meet for 2.5 hours on a 6-weekly cycle. Matters may be submitted to the Board members on an "
        "exception basis between meetings when decisions are required which cannot wait until the next Board meeting, "
        "e.g. with respect to media enquiries, elected member enquiries, Freedom of Information requests.",
    ),
    (
        "",
        "All issues and all high level 'red' risks will be reported to, and reviewed by, the Board at each meeting. "
        "The Project Leader may also escalate other risks by exception to the Board where input from the Board is "
        "required to mitigate the risk and prevent it from becoming an issue or its probability and/or impact "
        "increasing.",
    ),
    (
        "",
        "The agenda for the meeting will be sent out five working days in advance of the Board. This will be the "
        "responsibility of the project administration team. The agenda will be drafted by the Project Leader and "
        "approved by the Project Executive and Project Sponsor before it is issued.",
    ),
    (
        "",
        "Support for the Board will be provided by the ASC Commissioning administrative/project support team. "
        "Meeting notes containing clear information on decisions made, actions to be taken, by whom and by when will be "
        "produced following each meeting and circulated within five working days once approved by the Chair. (The "
        "Project Leader and Project Executive will act as 'critical friend' prior to submission to the Chair for "
        "approval).",
    ),
    (
        "",
        "The Project Leader will provide highlight reports to the Board to support them to effectively govern the "
        "project. The delivery of the Home Care Redesign and Commissioning Project Board will be overseen by the Project "
        "Executive and Project Leader. The Project Executive will Chair Project Team meetings. The Project Team will "
        "meet between Boards to advance key areas of work in line with the project plan, which will be delivered "
        "through work streams and work packages.",
    ),
    (
        "",
        "Extra-ordinary meetings may be called by the Chair or by a minimum of four members of the Project Board, "
        "with a usual advance notice of 1-5 days.",
    ),
    (
        "",
        "Where agreement on any decision cannot be reached by the Board it will be referred to the Adult "
        "Commissioning Board.",
    ),
]

BOARD_ROLES = [
    (
        "Project Board",
        "The Project Board is accountable to ASC for the success of the project, and has the authority "
        "to direct the project within the remit set by this organisation, as documented in the project mandate/business "
        "case. The Project Board is also responsible for:\n"
        "1. Communications between the project team and external stakeholders.\n"
        "2. Approving key documents including briefs and business cases\n"
        "3. Monitoring progress against the Project Plan and providing overall guidance and direction to the project, "
        "ensuring it remains viable\n"
        "4. Agreeing key project products and outcomes\n"
        "5. Managing project-level risks\n"
        "6. Managing project-level issues\n"
        "7. Responding to requests for advice from the Project Leader\n"
        "8. Approving changes\n"
        "9. Making decisions on escalated issues\n"
        "10. Approving the End Project Report and ensuring that any issues, lessons and risks are documented and passed "
        "on to the appropriate body\n"
        "11. Authorising project closure",
    ),
    (
        "Project Sponsor",
        "The role of the Project Sponsor is to drive and promote the work and represent the business "
        "interests in the deliverables. The Project Sponsor is ultimately responsible for the project. The Project "
        "Sponsor will be kept informed by the Project Executive and Project Leader. An effective Project Sponsor will "
        "support the project by:\n"
        "1. Brokering relationships with partners and stakeholders within and outside the project\n"
        "2. Ensuring that the Board is aware of the broader strategic perspective and its potential effect on the "
        "project\n"
        "3. Promoting the project across the business\n"
        "4. Liaising with a Programme Board if the project is part of a wider programme\n"
        "5. Owning the Business Case and ensures the project is delivering value for the time and resources being "
        "invested.",
    ),
    (
        "Senior Supplier",
        "The Senior Supplier role represents the interests of those supplying the project products. "
        "The Senior Supplier is invited onto the Project Board to provide perspective and expertise. Their specific "
        "duties will include accountability for the quality of products delivered and responsibility for ensuring that "
        "products are delivered in accordance with the specification; therefore the Senior Supplier must have the "
        "authority to commit the required supplier resources to the project. The key question the Senior Supplier must "
        'ask is "can it be done?"\n'
        "In addition to the Project Board's collective responsibilities, the Senior Supplier(s) will:\n"
        "1. Assess and confirm the viability of the project approach\n"
        "2. Advise on the design, development and acceptance methods of the products\n"
        "3. Ensure that the project plan is realistic and achievable from a supplier perspective\n"
        "4. Ensure that supplier risks are considered and understood by the Project Board\n"
        "5. Ensure that supplier resources with necessary skills required for the project are made available\n"
        "6. Make decisions on escalated issues particularly on safeguarding the reliability of the solution\n"
        "7. Advise on impact of change requests from a supplier perspective\n"
        "8. Undertake Project Assurance from the supplier perspective (supplier assurance) and where appropriate, "
        "delegate assurance activities.",
    ),
    (
        "Senior User",
        "The Senior User role represents the interests of all those who will use or be affected by the "
        "project products. The Senior User will be responsible for specifying user needs and the commitment of user "
        "resources to the project. The Senior User must monitor the products to ensure they will meet user needs and "
        "will also be responsible for realisation of benefits - a responsibility that needs to be fulfilled during the "
        'project and will which remain after the project has ended. The key question the Senior User must ask is "will '
        'it work?"\n'
        "In addition to the Project Board's collective responsibilities, the Senior User(s) will:\n"
        "1. Monitor project outputs to ensure it will meet the user's requirements, customer's quality expectations and "
        "acceptance criteria\n"
        "2. Ensure the desired outcome of the project is specified\n"
        "3. Ensure that users are involved at appropriate stages of the project and provide feedback to the project\n"
        "4. Resolve user queries and prioritise user change requests and advise on the impact of any change requests on "
        "behalf of the user community\n"
        "5. Ensure user concerns and risks are understood by the Project Board\n"
        "6. Make decisions on escalated issues with a particular focus on safeguarding the expected benefits\n"
        "7. Brief and advise users and their managers on all matters concerning the project\n"
        "8. Maintain business performance stability during transition from the project to business as usual\n"
        "9. Ensure product quality checks are carried out and that the products are signed off on completion\n"
        "10. Ensure the user is considered in all Project Board decisions",
    ),
    (
        "Non-Board Members: Project Executive",
        "The Project Executive, with the Project Sponsor, is responsible for the "
        "project. Their role is to ensure that the project is focused on achieving its objectives and delivering the "
        "forecasted benefits. The Executive ensures that the project delivers value for money, balancing the demands of "
        "the business, user and supplier. The Executive is responsible for the Business Case for the duration of the "
        "project.\n"
        "In addition to the Project Board's collective responsibilities, the Executive will:\n"
        "1. Oversee the development of a viable Outline and Detailed Business Case ensuring that the project is aligned "
        "with ASC, LCH and Leeds CCGs strategies, priorities and objectives\n"
        "2. Secure funding for the project, if required\n"
        "3. Define and promote the major business aims, priorities and intended benefits of the project\n"
        "4. Ensure the project's compliance with all relevant standards, including contract procedure rules (CPRs) and "
        "Financial Procedure Rules (FPR)\n"
        "5. Monitor and control the progress of the project at a strategic level\n"
        "6. Escalate issues and risks if project tolerance is forecast to be exceeded\n"
        "7. Ensure that risks associated with the business case are identified, assessed and controlled\n"
        "8. Provide overall business assurance of the project that it remains on target to deliver products that will "
        "achieve the expected business benefits, and that the project will be completed within its agreed tolerances.\n"
        "9. Report to the Sponsor on the business performance indicators relating to project management",
    ),
    (
        "Non-Board Members: Project Leader",
        "The Project Leader is responsible for delivering the project. Whereas the "
        "Project Executive takes overall accountability, the Project Leader (PL) leads and manages on a day-to-day basis. "
        "As such, they must be fully empowered to do the job.\n"
        "If issues occur that may seriously impact on the success of the project – time delays, cost issues or "
        "deviations to the original objectives – the PL will escalate them to the Project Executive / Board for a "
        "decision about the action to be taken if the project exceeds tolerances. Issues can occur at any time in the "
        "project lifecycle, and the escalation of an issue is not an indicator that the project is being poorly "
        "managed; on the contrary, it shows that the project is being effectively controlled and that correct "
        "management procedures are being implemented.\n"
        "A Project Leader's responsibilities include:\n"
        "1. Applying a formal project management approach appropriately to the project\n"
        "2. Developing and maintaining an agreed project plan\n"
        "3. Planning, directing and managing the deployment of resources to meet project milestones\n"
        "4. Directing, managing and motivating the project team\n"
        "5. Building and sustaining effective communications with the Project Board and stakeholders\n"
        "6. Understanding and applying quality management principles and processes\n"
        "7. Ensuring, in conjunction with the Project Executive, that the project complies with all relevant standards, "
        "including Financial and Contract Procedure Rules\n"
        "8. Managing the production of the required deliverables\n"
        "9. Managing and reporting on the project finances\n"
        "10. Preparing and maintaining the project documentation for approval by the Board as appropriate to the size "
        "of the project\n"
        "11. Carrying out options appraisals and making recommendations to the Project Board\n"
        "12. Completing a Benefits Matrix and monitoring the achievement of project outputs\n"
        "13. Implementing change control and configuration management\n"
        "14. Managing project risks, including the development of contingency plans\n"
        "15. Monitoring the overall progress and use of resources, initiating corrective action where necessary\n"
        "16. Working with Communications and Engagement Officers to prepare the Communications Stakeholder Engagement "
        "Plans and disseminating information to stakeholders\n"
        "17. Preparing an End-Project report and Lessons Learned Report, and presenting them to the Project Board\n"
        "18. Preparing the Post-Project Review Plan and documenting any follow-on actions or recommendations",
    ),
]

# Quorum rules as data: (capacity slug, clause, text, min members, {constituency: n}, required roles,
# min other decision-makers, deputy authority required).
STRATEGIC_QUORUM = [
    (
        STRATEGIC_GROUP,
        "3.3",
        STRATEGIC_GOVERNANCE[2][1],
        5,
        {"councillor": 2, "provider": 2, "service_user": 1},
        [],
        0,
        "speak",
    ),
]
BOARD_QUORUM = [
    (PROJECT_BOARD, "3.2", BOARD_GOVERNANCE[1][1], 0, {}, ["project_sponsor"], 2, "decide"),
    # 3.2 speaks of "the Board"; in its operational capacity its Chair is the same person, Mick Ward.
    (HOST_BOARD, "3.2", BOARD_GOVERNANCE[1][1], 0, {}, ["chair"], 2, "decide"),
]

# Demo logins: (username, person, staff group or None, is_staff, label). One per role, and one for every approver
# the approval chains below need (the Strategic Group's Chair approves its agendas and minutes), and two Project
# Board members, who receive the highlight reports. Every login is a person the ToRs name.
DEMO_PASSWORD = "homecare-demo-2026"
DEMO_USERS = [
    ("project.leader", "Georgia Young", "Project leader", False, "Project leader"),
    ("admin.staff", "Barry Bridle", "Admin staff", True, "Admin staff, secretariat"),
    ("chair", "Mick Ward", None, False, "Project Board Chair and Project Sponsor"),
    ("project.executive", "Michelle Atkinson", None, False, "Project Executive"),
    ("councillor", "Cllr Ann Blackburn", None, False, "Strategic Group member, councillor"),
    ("provider", "Louise Copley", None, False, "Strategic Group member, provider"),
    ("service.user", "Hatim Hassan", None, False, "Service-user representative"),
    ("adam.ogilvie", "Cllr Adam Ogilvie", None, False, "Chair of the Strategic Group"),
    ("mark.phillott", "Mark Phillott", None, False, "Project Board member, senior supplier"),
    ("liz.ward", "Liz Ward", None, False, "Project Board member, senior user"),
]

# What each demo login does in the demo, one line each (printed by seed_demo; README's table says the same).
DEMO_LOGIN_DUTIES = {
    "project.leader": "keeps the plan, highlight reports and registers; drafts agendas; reads Board minutes first",
    "admin.staff": "schedules meetings, issues agendas, records attendance and minutes, builds packs; Django admin",
    "chair": "approves both bodies' agendas as Project Sponsor; approves the Project Board's minutes",
    "project.executive": "approves the Project Board's agendas first; reads its minutes as critical friend",
    "councillor": "sees the Strategic Group's meetings and papers; answers matters put between meetings",
    "provider": "sees the Strategic Group's meetings and papers; answers matters put between meetings",
    "service.user": "sees the Strategic Group's meetings and papers; answers matters put between meetings",
    "adam.ogilvie": "approves the Strategic Group's agendas after the Project Sponsor, and its minutes",
    "mark.phillott": "sees the Project Board's papers; marks highlight reports as read; answers matters between meetings",
    "liz.ward": "sees the Project Board's papers; marks highlight reports as read; answers matters between meetings",
    "director.commissioning": "signs off officer decision reports, or returns them with a comment",
    "director.adults": "records the decision on signed-off officer decision reports",
}

DEMO_EMAIL_DOMAIN = "example.org"  # reserved for examples (RFC 2606): the demo's mail never reaches anyone


def demo_email(name):
    """The demo address of a seeded person or login: "Cllr Adam Ogilvie" -> adam.ogilvie@example.org. The seeds
    give no addresses; these exist so that the demo's emails (shown by the console backend) have recipients."""
    words = name.split()
    if words and words[0] == "Cllr":
        words = words[1:]
    local = ".".join("".join(ch for ch in word.lower() if ch.isalnum()) for word in words)
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


# Agenda approval chains (capacity slug, clause, roles in order).
# Board ToR: "drafted by the Project Leader and approved by the Project Executive and Project Sponsor before it is
# issued"; Strategic Group ToR 3.13: "approved by the Project Sponsor and Chair".
STRATEGIC_AGENDA_STEPS = [(STRATEGIC_GROUP, "3.13", ["project_sponsor", "chair"])]
BOARD_AGENDA_STEPS = [
    (PROJECT_BOARD, "", ["project_executive", "project_sponsor"]),
    (HOST_BOARD, "", ["project_executive", "project_sponsor"]),
]

# Meetings the seed documents date, with what they record as decided and done. The documents give no times, venues
# or attendance: the time is shown as 10:00, the venue is left empty, and no attendance is invented. The decisions
# carry a note saying where they come from.
FROM_THE_DOCUMENTS = "Recorded from the council's documents (seed 004); they do not record who attended."
HISTORICAL_MEETINGS = [
    dict(
        body=PROJECT_BOARD,
        date=dt.date(2013, 12, 6),
        item="Home Care/Personal Assistance Commissioning Board Terms of Reference",
        decision="Approved the Terms of Reference, version 1.0 (final).",
        action=None,
    ),
    dict(
        body=STRATEGIC_GROUP,
        date=dt.date(2014, 1, 13),
        item="Strategic Home Care Commissioning Group Terms of Reference (V0.3)",
        decision="Amendments to the Terms of Reference agreed at the first meeting of the Group.",
        action=(
            "Make the amendments from the first Strategic Group to the Terms of Reference (version 0.4).",
            "Annemarie Bradley",
            dt.date(2014, 1, 14),
        ),
    ),
    dict(
        body=PROJECT_BOARD,
        date=dt.date(2014, 2, 14),
        item="Strategic Home Care Commissioning Group Terms of Reference (V0.5)",
        decision="Amendments to the Strategic Group's Terms of Reference requested.",
        action=(
            "Make the amendments to the Strategic Group's Terms of Reference requested by the Project Board "
            "(version 0.6).",
            "Georgia Young",
            dt.date(2014, 2, 20),
        ),
    ),
]
# The next meeting of each body on its cycle, counted in whole cycles from its first dated meeting above.
CYCLE_ANCHORS = {PROJECT_BOARD: dt.date(2013, 12, 6), STRATEGIC_GROUP: dt.date(2014, 1, 13)}
