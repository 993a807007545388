"""The risks and issues the seeds name, scored on the default 5x5 matrix (likelihood, impact; inherent then
residual). The events are the seeds' own words; owners are the officers whose roles the seeds give for that area."""

import datetime as dt

RAISED = dt.date(2014, 2, 20)  # the date of the background paper in the scrutiny pack that names them

HCRC_RISKS = [
    dict(
        reference="R001",
        title="Capacity gaps in parts of the city",
        category="market",
        owner="Jason Lane",
        cause="Care is commissioned in individual packages and providers win packages spread across a broad area.",
        event="The required home care service is not available at the required times within some geographic areas "
        "of Leeds.",
        effect="People wait for care; spot contracting is needed.",
        inherent=(4, 4),
        residual=(4, 4),
        response="reduce",
        proximity="3_months",
    ),
    dict(
        reference="R002",
        title="Recruitment and retention of care workers",
        category="workforce",
        owner="Gill Dickinson",
        cause="Changes in demography and the terms and conditions of care work.",
        event="Home care providers cannot recruit and retain enough staff.",
        effect="Providers cannot take on packages; quality and continuity of care fall.",
        inherent=(4, 4),
        residual=(4, 3),
        response="reduce",
        proximity="6_months",
    ),
    dict(
        reference="R003",
        title="Delayed discharge linked to home care capacity",
        category="partnership",
        owner="Tony Callaghan",
        cause="Lack of capacity in home care provision and issues with the home care commissioning process.",
        event="Discharge from reablement services, intermediate care services and hospital is delayed.",
        effect="People stay longer in hospital and intermediate care than they need to.",
        inherent=(4, 4),
        residual=(3, 4),
        response="reduce",
        proximity="3_months",
    ),
    dict(
        reference="R004",
        title="The Framework Agreement comes to an end",
        category="legal",
        owner="Mark Phillott",
        cause="The Community Home Care Framework Agreement comes to an end on 31st October 2013.",
        event="Existing contracts must be extended until the new service delivery model and contracting "
        "arrangements are in place.",
        effect="Extensions at higher Independent Living Contract rates; providers outside the framework still "
        "cannot enter.",
        inherent=(5, 3),
        residual=(3, 3),
        response="fallback",
        proximity="imminent",
    ),
    dict(
        reference="R005",
        title="Pricing, the Living Wage and travel time",
        category="financial",
        owner="Cheryl Ward",
        cause="Providers have not been paid an increase on the rates for the last 3 years; prices for standard home "
        "care range from £10.84 to £13.50 per hour.",
        event="The pricing review must take into account the Living Wage, Minimum Wage, travel and training time "
        "for employees of contracted companies.",
        effect="Costs rise beyond the budget, or providers leave the market.",
        inherent=(4, 5),
        residual=(4, 4),
        response="reduce",
        proximity="6_months",
    ),
]
HCRC_ISSUES = [
    dict(
        reference="I001",
        issue_type="problem",
        title="Fragmented market from the call-off process",
        description="ASC's commissioning process may have contributed to the fragmentation of the market: under "
        "the 'call off process' providers win individual packages which may be distributed across a "
        "broad geographic area and can be uneconomic to deliver.",
        priority="high",
        severity="board",
        owner="Jason Lane",
    ),
    dict(
        reference="I002",
        issue_type="problem",
        title="Independent Living Contracts must be extended",
        description="A number of Independent Living Contracts need to be extended until the new home care service "
        "delivery model and contracting arrangements are in place; their hourly rate is higher than the "
        "Framework Agreement rate.",
        priority="medium",
        severity="executive",
        owner="Mark Phillott",
    ),
]
# Seed 000, 4.6.1.
WELLBEING_RISKS = [
    dict(
        reference="R001",
        title="The new model is not implemented in time",
        category="strategic",
        owner=None,
        cause="The redesign involves significant change to the existing home care model and to provider and "
        "directorate working practices.",
        event="Without this additional post as part of the commissioning function, the directorate is unable to "
        "implement the new wellbeing model of care within the required timescale.",
        effect="The transition to a wellbeing model of care for people living at home is delayed.",
        inherent=(4, 4),
        residual=(2, 4),
        response="reduce",
        proximity="6_months",
        raised=dt.date(2021, 4, 21),
    ),
]
