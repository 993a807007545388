"""What the seeds say about the projects, as data.

Seed 004, Appendix 1 (phases) and Appendix 2 (the delivery plan: work-streams, Finance Work Package 1 and their
deliverables); seed 000 (the 2021 redesign to a community wellbeing model). Where the seed gives a deliverable no date
it is due at the end of its phase. A work-stream running in several phases puts its deliverables in its last phase,
except where a phase's own description names them (Phase 3 is the evaluation phase).
"""

import datetime as dt

HCRC = dict(
    slug="hcrc",
    kind="project",
    title="Home Care Redesign and Commissioning Project",
    reference="130617 a",
    directorate="Adult Social Care",
    theme="Better Lives for Housing, Care and Support",
    aim="To create, implement and evaluate a service delivery model, procurement and contracting solution for "
    "independent sector home care provision in Leeds by April 2016.",
    starts_on=dt.date(2013, 7, 1),
    ends_on=dt.date(2016, 3, 31),
)
HCRC_PEOPLE = dict(
    sponsor="Mick Ward",
    senior_responsible_officer="Dennis Holmes",
    executive="Michelle Atkinson",
    management_lead="Georgia Young",
)
HCRC_BODIES = [
    ("project_board", "project-board"),
    ("strategic_group", "strategic-group"),
    ("project_team", "project-team"),
    ("scrutiny", "scrutiny-board-health-wellbeing-asc"),
]

# "Provisional Timescales" (Appendix 1): July 2013 to April 2014; April 2014 to Sept 2015; Sept 2015 to March 2016.
HCRC_PHASES = [
    (
        1,
        "Development of the Home Care Commissioning Strategy for 2015 - 2020, Options Appraisal and Purchasing "
        "Strategy",
        dt.date(2013, 7, 1),
        dt.date(2014, 4, 30),
    ),
    (
        2,
        "Procurement and implementation of the Purchasing Strategy, purchasing solution and service delivery model.",
        dt.date(2014, 4, 1),
        dt.date(2015, 9, 30),
    ),
    (
        3,
        "Evaluation of the purchasing solution, services and project including benefits realisation",
        dt.date(2015, 9, 1),
        dt.date(2016, 3, 31),
    ),
]

# People the delivery plan names who hold no seat on a body (all Leeds City Council, by the service areas given).
EXTRA_PEOPLE = [
    ("Alison Griffiths", "ASC Access and Care"),
    ("Irene Dee", "ASC Quality, Performance & Review"),
    ("Melanie Balmforth", "ASC Business Change and SCSR programme"),
    ("Hilary Sedgwick", "LCC Corporate Procurement"),
]

# name, kind, lead, runs, phases, purpose, members, stakeholders, deliverables [(title, phase or None = last)]
HCRC_WORKSTREAMS = [
    dict(
        name="Engagement, Consultation and Communication Work-stream",
        kind="work_stream",
        lead="Kuldeep Bajwa",
        runs="throughout the project",
        phases=[1, 2, 3],
        purpose="To develop and implement a comprehensive and robust communication and engagement strategy and plan "
        "for the project.",
        members=["Michelle Atkinson", "Karen Douglas", "Lizzie Whewell", "Annemarie Bradley"],
        stakeholders="Specialist advice and input will be sought from various stakeholders including Leeds Involving "
        "People, LCC press officer, service users and carers, home care provider reps, ASC Complaints and "
        "Compliments, ASC Business Change, LCC Information Management.",
        deliverables=[
            "Communication, Consultation and Engagement Strategy and Plan",
            "Communications materials and mechanisms",
        ],
    ),
    dict(
        name="Project Management Work-stream",
        kind="work_stream",
        lead="Georgia Young",
        runs="throughout the project",
        phases=[1, 2, 3],
        purpose="To use project management tools to ensure that the project delivers its aim and objectives "
        "according to the agreed success criteria within agreed tolerances.",
        members=["Michelle Atkinson", "Annemarie Bradley", "Ellie Wood"],
        stakeholders="Annemarie Bradley, ASC Programme Office (project planning); Ellie Wood, ASC Programme Office "
        "(risk management).",
        deliverables=[
            "Project Impact Assessment Scorecard",
            "Project plan",
            "Benefits matrix and success criteria",
            "End of project report incl. lessons learnt",
            "Work-stream briefs",
            "Exception reports",
            "Project risk register",
            "Project issue register",
            "Highlight Reports for Project Board",
            "Change requests",
            "Interdependency diagram",
            "Outline Business Case",
        ],
    ),
    dict(
        name="Commissioning Strategy Work-stream",
        kind="work_stream",
        lead="Tony Callaghan",
        runs="during phase 1 of the project",
        phases=[1],
        purpose="To determine commissioning requirements for home care, and the service delivery model and "
        "procurement and contracting solution that will satisfy these requirements.",
        members=[
            "Michelle Atkinson",
            "Jason Lane",
            "Cheryl Ward",
            "Alison Griffiths",
            "Gill Dickinson",
            "Irene Dee",
            "Stacey Gilman",
            "Maggie King",
            "Jason Beavors",
        ],
        stakeholders="",
        deliverables=[
            "Information requirements summary",
            "Supply and demand analysis incl. review of existing ISAs, gap analysis and policy analysis",
            "Impact workshops to identify risks and benefits of options",
            "Options appraisal on the service delivery model and procurement and contracting solution",
            "Report on outcome of options appraisal containing recommendations",
            "Home Care Commissioning Strategy 2015 2020",
            "Equality Diversity Cohesion Impact Assessment",
        ],
    ),
    dict(
        name="Outcome-based Commissioning Work-stream",
        kind="work_stream",
        lead="Tony Callaghan",
        runs="during phase 1 of the project",
        phases=[1],
        purpose="To determine how outcomes-based commissioning could be developed and implemented in Leeds and ensure "
        "it is consistent with the work ADASS has commissioned on outcomes-based commissioning.",
        members=[
            "Jason Lane",
            "Maggie King",
            "Julie Bootle",
            "Linda Randall",
            "Melanie Balmforth",
            "Gill Dickinson",
            "Cheryl Ward",
            "Susan Richardson",
            "Irene Dee",
        ],
        stakeholders="Independent sector home care provider rep(s).",
        deliverables=[
            "Home Care Commissioning Outcomes Strategy & Plan",
            "Revised support plan template",
            "Revised ISA template",
            "Amendments to ESCR/CIS",
        ],
    ),
    dict(
        name="Procurement Work-stream",
        kind="work_stream",
        lead="Jason Lane",
        runs="phases 2 and 3",
        phases=[2, 3],
        purpose="To implement the Home Care Commissioning Strategy, including determining how the chosen service "
        "delivery model, procurement and contracting solutions will be procured, implementing and evaluating them.",
        members=[
            "Maggie King",
            "Tony Callaghan",
            "Cheryl Ward",
            "Hilary Sedgwick",
            "Irene Dee",
            "Sue Carrington",
            "Melanie Balmforth",
            "Susan Richardson",
        ],
        stakeholders="Legal Services rep (as required).",
        deliverables=[
            ("Procurement and Contracting Strategy", 2),
            ("Home Care Procurement and Contracting Solution", 2),
            ("Contract documentation", 2),
            ("Revised monitoring arrangements", 2),
            ("Evaluation Plan", 3),
            ("Evaluation Report", 3),
        ],
    ),
    dict(
        name="Work-force Development Work-stream",
        kind="work_stream",
        lead="Gill Dickinson",
        runs="through phases 2 and 3 of the project",
        phases=[2, 3],
        purpose="To develop and implement a comprehensive workforce development strategy and plan for commissioning, "
        "contract monitoring and home care service staff identified as needing development as a result of the "
        "changes being brought about through this project.",
        members=["Tony Callaghan", "Alison Griffiths", "Jason Lane", "Maggie King", "Linda Randall", "Julie Bootle"],
        stakeholders="Independent sector home care provider reps.",
        deliverables=["Workforce Development Strategy and Plan", "Training materials and mechanisms"],
    ),
    dict(
        name="Home Care Finance Work Package 1",
        kind="work_package",
        lead="Cheryl Ward",
        runs="throughout Phase 1",
        phases=[1],
        purpose="To determine the baseline financial position against which all service model, procurement and "
        "contracting options identified through the project will be appraised, participate in the appraisal of the "
        "options, and formulation of the recommendations report and business case.",
        members=[],
        stakeholders="Works with the Commissioning Strategy, Outcomes-based Commissioning and Engagement, "
        "Consultation and Communications work-streams.",
        deliverables=[
            "Baseline information on current expenditure, hourly rates, pricing structure",
            "Fee modelling report",
            "Financial modelling report",
            "Full business case",
        ],
    ),
]

# What the seed documents show had happened by the date of the scrutiny pack (20 February 2014): the project plan
# (the "Home Care Project and Delivery Plan") was written and is appended to the pack.
HCRC_PLAN_EVENTS = [("Project plan", dt.date(2014, 2, 20), "complete")]
# Two highlight reports over the months the documents cover, so that the second shows what changed since the first.
HCRC_REPORT_PERIODS = [(dt.date(2014, 1, 1), dt.date(2014, 1, 31)), (dt.date(2014, 2, 1), dt.date(2014, 2, 28))]

# Seed 000: the redesign of home care to a community wellbeing model. "This is due to be completed within the next
# 18 months with a further 6 months to embed the model" (2.3), counted from the report of 21 April 2021.
WELLBEING = dict(
    slug="community-wellbeing-model",
    kind="programme",
    title="Redesign of home care to a community wellbeing model",
    directorate="Adults and Health",
    aim="To fundamentally change the way the council commissions the community-based care people need to remain "
    "living independently in their own homes: to commission for well-being and away from “time and task” models, "
    "jointly with the NHS, using Local Care Partnership areas as the building block for local, personalised services.",
    budget=121798,
    funding_source="Adults and Health departmental reserves (the temporary PO6 Commissioning Programme Leader post, "
    "2 years, maximum £121,798)",
    starts_on=dt.date(2021, 4, 21),
    ends_on=dt.date(2023, 4, 21),
)
WELLBEING_PHASES = [
    (1, "Complete the redesign (within 18 months)", dt.date(2021, 4, 21), dt.date(2022, 10, 21)),
    (2, "Embed the model (a further 6 months)", dt.date(2022, 10, 22), dt.date(2023, 4, 21)),
]
WELLBEING_WORKSTREAMS = [
    dict(
        name="Redesign work programme",
        kind="work_stream",
        lead=None,
        runs="",
        phases=[1],
        purpose="The work programme of the redesign team (report paragraph 3.4).",
        members=[],
        stakeholders="",
        deliverables=[
            "Understanding what the community wellbeing model means and how it is to be delivered, including "
            "self-managing provider teams and multidisciplinary arrangements",
            "Successful implementation of the Community Teams Wellbeing Pilot",
            "Financial analysis of the cost implications of the new model",
            "Establishing new relationships and arrangements between NHS primary and community providers and "
            "independent sector care providers, and between commissioners and providers",
            "Understanding impact on and developing required governance arrangements",
            "Discussions with the CQC on its regulatory functions",
            "Workforce training on delivering individual outcomes/personalised care",
            "Changes to social work practice",
            "Changing payment models",
            "Understanding impact on charging and potentially changing existing arrangements",
        ],
    ),
    dict(
        name="Commissioning Programme Leader post",
        kind="work_package",
        lead=None,
        runs="",
        phases=[1],
        purpose="A temporary PO6 Commissioning Programme Leader post within the commissioning team for 2 years, to "
        "provide dedicated leadership, project management and change management skills (report paragraph 3.7).",
        members=[],
        stakeholders="",
        deliverables=["Establish the post on the structure and recruit to it through the HR process"],
    ),
]
WELLBEING_PLAN_EVENTS = []
