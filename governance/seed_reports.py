"""The 2021 officer decision report (seed 000), loaded in full by seed_demo, with the two demo logins it needs.

The text is the report's, word for word, with its paragraph numbering; only the document's markup is gone (the
footnote marker, "28<sup>th</sup>", and a paragraph split by a page break, which is joined again). The report names
no people, so the two Directors are demo logins named by their role. The seed does not record when the Director
signed the report off, nor the decision: the report is loaded as signed off and awaiting the decision maker, with an
empty decision record. Appendices 1 and 2 are listed by the titles the report gives them, without files: their
contents are not in the seed.

Idempotent: every write goes through governance.seed.upsert, which saves only what differs.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from governance import models
from governance.seed_data import DEMO_EMAIL_DOMAIN

SIGNING_DIRECTOR = "director.commissioning"
DECISION_MAKER = "director.adults"
# (username, name shown for the login, label printed by seed_demo)
DEMO_LOGINS = [
    (SIGNING_DIRECTOR, "Director of Integrated Commissioning", "Signing Director"),
    (DECISION_MAKER, "Director of Adults and Health", "Decision maker"),
]

REPORT_OF = "Director of Integrated Commissioning"
REPORT_TO = "Director of Adults and Health"
REPORT_DATE = dt.date(2021, 4, 21)
SUBJECT = (
    "Creation of a new temporary Commissioning Programme Leader post to lead a redesign team for the home care "
    "service in the city"
)

SUMMARY_MAIN_ISSUES = """\
- Leeds has a bold ambition over the next two years, to fundamentally change the way we commission the community-based care people need to remain living independently in their own homes. Adults and Health want to move on from the concept of home care to commission for well-being and away from “time and task” models of service to meeting people’s needs in a more holistic way. This will be done jointly with the NHS and use Local Care Partnership areas as the building block for local, personalised services.

- It is anticipated that the project will involve a significant change programme to move from the current model to a new wellbeing model requiring significant levels of consultation with service users and other stakeholders, major changes to working practices of providers operating in the city and substantial changes to the systems and processes within the directorate including social work and payment processes.

- Given the fundamental change to the current model of delivery for home care in the city there is a necessity to augment the current commissioning team within the directorate with an additional principal officer post during the period of change to ensure all work can be completed in the relatively short timescale required."""

SUMMARY_BEST_COUNCIL_PLAN = """\
- The redesign of home care to achieve a wellbeing model will help to deliver a number of crucial elements of the Adult Social Care 'Better Lives' strategy by helping local people with care and support needs to have fulfilling lives, with a focus on: promoting choice, helping people to stay living at home, joining up health and social care services. These in turn support the ambition of the Best Council Plan 2020 to 2025 for Leeds to be the Best Council in the country, promoting inclusive growth, challenging low pay and inequality. It also supports Leeds in being an age friendly city.

- The proposal in this report to establish a new post within the commissioning section will contribute to ensuring the directorate achieves the transition to a wellbeing model of care for people living at home."""

SUMMARY_RESOURCES = """\
- This report seeks to establish one temporary PO6 Commissioning Programme Leader post within the commissioning team for a period of 2 years. The maximum overall cost for establishing this post for the 2 year period will be £121,798 (subject to adjustments made to cover any pay rise made to the NJC grades during 2021/22 and 2022/23).

- The funding mentioned above will be met through the Adults and Health departmental reserves and will not create additional pressure on the budget."""

RECOMMENDATIONS_TEXT = """\
a) Approve the establishment of a temporary Commissioning Programme Leader post within the commissioning structure at the grade of PO6 for a period of 2 years to work on the redesign of home care project.

b) Note that the Head of Commissioning will seek to establish the post through the HR process, immediately following the decision being made."""

SUMMARY_RECOMMENDATIONS = "The Director of Adults and Health is recommended to:\n\n" + RECOMMENDATIONS_TEXT

PURPOSE = """\
1.1 This report seeks the establishment of one temporary PO6 Commissioning Programme Leader post within the commissioning team for a period of 2 years to contribute to ensuring the directorate achieves the transition to a wellbeing model of care for people living at home in the city."""

BACKGROUND = """\
2.1 Leeds City Council's Framework Agreement for home care comes to an end in June 2021 and the Adults & Health directorate has started to plan the recommissioning of these services. It is therefore an opportune time to completely re-think the way in which these community-based care and support services are commissioned and delivered.

2.2 It is widely recognised locally and nationally that the traditional service model is not delivering personalised services nor good outcomes for people who require care and support to remain living independently in their own homes. At the same time, home care providers have difficulty in recruiting or retaining sufficient numbers of care workers with high staff turnover and vacancy rates because the terms and conditions of employment, including pay rates, are not favourable, and the care worker role is not valued.

2.3 The directorate has commenced an ambitious project completely to rethink the way home care services are commissioned and delivered within the city. This is due to be completed within the next 18 months with a further 6 months to embed the model."""

MAIN_ISSUES = """\
3.1 The project to redesign home care will involve implementing a fundamental change to the current model of delivery for home care in the city which will include significant consultation with service users and other stakeholders, major changes to working practices of providers operating in the city and substantial changes to the systems and processes within the directorate including social work and payment processes.

3.2 As part of the project the directorate has engaged Vanguard Consultants who have developed expertise in working with public services to challenge their thinking and to redesign services differently from ways that organisations have traditionally worked. Vanguard has developed “The Vanguard Method” (tVM) which is the means for helping service organisations change from a conventional ‘command-and-control’ design to a systems design, to help optimise the effectiveness of the service and, where feasible, to deliver cost efficiencies.

3.3 Following a delegated decision of the Director of Adults and Health on the 28th August 2020, the directorate has commenced a pilot scheme with two contracted homecare providers to test out new community wellbeing team models in two areas of the city. The pilot has currently been running for six months and had its first internal evaluation during March 2021. The Council has also engaged Leeds Beckett University to undertake an independent evaluation of the pilot, which is currently ongoing.

3.4 Central to the redesign project there is a requirement to lead a redesign team to implement the new wellbeing model which will require dedicated support given the significant level of change which is anticipated as part of this project. The work programme will include:

- Understanding what the community wellbeing model means and how it is to be delivered, including self-managing provider teams and multidisciplinary arrangements
- Successful implementation of the Community Teams Wellbeing Pilot
- Financial analysis of the cost implications of the new model
- Establishing new relationships and arrangements between NHS primary and community providers and independent sector care providers, and between commissioners and providers
- Understanding impact on and developing required governance arrangements
- Discussions with the CQC on its regulatory functions
- Workforce training on delivering individual outcomes/personalised care
- Changes to social work practice
- Changing payment models
- Understanding impact on charging and potentially changing existing arrangements

3.5 Currently the programme does not have identified savings and efficiencies targets however, the working premise is that the changes will, in the longer term, deliver savings and will result in system-wide efficiencies as the focus will be on improving outcomes for people and preventing or delaying deterioration of ill health, reducing avoidable hospital admissions and supporting people to remain living at home, including at end of life.

3.6 Given the significant level of resource necessary to complete this project it is necessary to augment the current commissioning team to enable a dedicated officer to lead the redesign and change process and to support the implementation of the new community wellbeing model of care.

3.7 It is proposed that a temporary PO6 Commissioning Programme Leader post is created within the current commissioning team, for a period of 2 years, to be able to provide dedicated leadership, project management and change management skills to implement the new wellbeing model of care in the city. It is intended to use an existing Commissioning Programme Leader job description within the directorate for this post which is currently graded at PO6 (included as Appendix 1).

3.8 Once the decision has been approved, the Head of Commissioning will commence the HR process to establish the post on the structure and recruit to the post."""

CONSULTATION_ENGAGEMENT = """\
4.1.1 The Executive Member for Health, Wellbeing and Adults has been briefed on this decision.

4.1.2 The report has been shared with the Trade Unions and comments received have been passed to the Director for consideration."""

EQUALITY_DIVERSITY = """\
4.2.1 An Equality and Diversity Impact Assessment Screening Tool has been completed and is included at Appendix 2."""

COUNCIL_POLICIES = """\
4.3.1 The redesign of home care to achieve a wellbeing model will help to deliver a number of crucial elements of the Adult Social Care 'Better Lives' strategy by helping local people with care and support needs to have fulfilling lives, with a focus on: promoting choice, helping people to stay living at home, joining up health and social care services. These in turn support the ambition of the Best Council Plan 2020 to 2025 for Leeds to be the Best Council in the country, promoting inclusive growth, challenging low pay and inequality. It also supports Leeds in being an age friendly city.

4.3.2 The new commissioning arrangements, and a new community based service delivery model and service offer will contribute to the achievement of the objectives set out in the city's Health and Well-Being Strategy and in the Leeds Health and Care plan: people will live full active and independent lives, people's quality of life will be improved by access to quality services, people will be involved in decisions made about them and the city's Priority Plan by contributing to the indicators for the best city for health and wellbeing.

4.3.3 The proposal in this report to establish a new post within the commissioning section will contribute to ensuring the directorate achieves the transition to a community wellbeing model of care for people living at home."""

CLIMATE_EMERGENCY = """\
4.3.4 There could be significant climate benefits obtained as a result of the work undertaken in recommissioning the homecare contract such as, the reduction in the number of vehicles used to transport care workers in the city. These considerations will be taken into account as part of the work undertaken by this new post."""

RESOURCES_VALUE_FOR_MONEY = """\
4.4.1 The proposal is to establish a temporary PO6 Commissioning Programme Leader post on the commissioning structure for a period of 2 years. Current maximum pay scale for the pay year 2020/21 is spinal point 43 therefore the maximum annual cost to the directorate including employer on-costs will be £60,899. The maximum cost to the directorate for the two year period will be £121,798 (subject to adjustments made to cover any pay rise made to the NJC grades during 2021/22 and 2022/23).

4.4.2 It is the intention, following a recruitment exercise, to start any successful candidate at the lowest spinal point for the PO6 grade, spinal point 40. However, should an internal candidate be successful in applying for the post who is already employed at PO6, then that person would remain at their current spinal point at PO6.

4.4.3 The annual cost for this post will be met by the departmental reserves from the Adults and Health budget and will not create an additional pressure."""

LEGAL_IMPLICATIONS = """\
4.5.1 The decisions highlighted in this report will be taken by the Director of Adults and Health in line with the officer delegation scheme as detailed in Part 3 of the Council's Constitution.

4.5.2 This decision is a Significant Operational Decision and is therefore not subject to call-in."""

RISK_MANAGEMENT = """\
4.6.1 The redesign of home care project involves significant change to the existing home care model as well as change to provider and directorate working practices. Without this additional post as part of the commissioning function, there is a risk that the directorate is unable to implement the new wellbeing model of care within the required timescale."""

CONCLUSIONS = """\
5.1 Given the fundamental change to the current model of delivery for home care, the creation of this post will assist the directorate to implement the significant changes which are going to be required to implement the new wellbeing model of care in the city."""

RECOMMENDATIONS = "6.1 The Director of Adults and Health is recommended to:\n\n" + RECOMMENDATIONS_TEXT

BACKGROUND_DOCUMENTS = "7.1 None"

# The appendices the report names (3.7 and 4.2.1); their contents are not in the seed, so no files.
APPENDICES = [
    (1, "Commissioning Programme Leader job description (PO6)"),
    (2, "Equality and Diversity Impact Assessment Screening Tool"),
]


def report_values(signing_director, decision_maker):
    return {
        "report_of": REPORT_OF,
        "report_to": REPORT_TO,
        "report_date": REPORT_DATE,
        # The five questions, as ticked on the report.
        "wards_affected": False,
        "wards": "",
        "consultation_carried_out": True,
        "equality_implications": False,
        "exempt": False,
        "summary_main_issues": SUMMARY_MAIN_ISSUES,
        "summary_best_council_plan": SUMMARY_BEST_COUNCIL_PLAN,
        "summary_resources": SUMMARY_RESOURCES,
        "summary_recommendations": SUMMARY_RECOMMENDATIONS,
        "purpose": PURPOSE,
        "background": BACKGROUND,
        "main_issues": MAIN_ISSUES,
        "consultation_engagement": CONSULTATION_ENGAGEMENT,
        "equality_diversity": EQUALITY_DIVERSITY,
        "council_policies": COUNCIL_POLICIES,
        "climate_emergency": CLIMATE_EMERGENCY,
        "resources_value_for_money": RESOURCES_VALUE_FOR_MONEY,
        "legal_implications": LEGAL_IMPLICATIONS,
        "risk_management": RISK_MANAGEMENT,
        "conclusions": CONCLUSIONS,
        "recommendations": RECOMMENDATIONS,
        "background_documents": BACKGROUND_DOCUMENTS,
        # 4.5.2: "a Significant Operational Decision and is therefore not subject to call-in".
        "decision_type": models.DecisionType.SIGNIFICANT_OPERATIONAL,
        "author": signing_director,
        "signing_director": signing_director,
        "decision_maker": decision_maker,
        "status": models.DecisionReportStatus.SIGNED_OFF,
    }


def _load_logins(counter, password):
    from governance.seed import update_login

    User = get_user_model()
    users = {}
    for username, name, _label in DEMO_LOGINS:
        values = {"first_name": name, "email": f"{username}@{DEMO_EMAIL_DOMAIN}"}
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, **values)
            user.set_password(password)
            user.save()
            counter["created"] += 1
        else:
            update_login(user, values, counter)
        users[username] = user
    return users


def load(counter, password):
    """Load the two Directors' logins and the 2021 report with its appendices' titles."""
    from governance.seed import upsert

    users = _load_logins(counter, password)
    report = upsert(
        models.DecisionReport,
        {"subject": SUBJECT, "version": 1},
        report_values(users[SIGNING_DIRECTOR], users[DECISION_MAKER]),
        counter,
    )
    for number, title in APPENDICES:
        upsert(models.DecisionReportAppendix, {"report": report, "number": number}, {"title": title}, counter)
    return report


def logins():
    """(label, username, name) of the two demo logins, as seed_demo prints them."""
    return [(label, username, name) for username, name, label in DEMO_LOGINS]
