"""The planner on fakes: the packaged matrix and directory decide who hears of each event.

Reporter contacts are sealed by the fake (`InMemoryContacts`), so the test sees exactly
which channels each contact offers, and that a planned delivery never holds an address.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import BaseModel

from schemas.case_facts import Disposition, ForwardPacket, ReporterToTell
from schemas.cases import (
    CaseAssigned,
    CaseDeadline,
    CaseForwarded,
    CaseStatusChanged,
    TrackKind,
)
from schemas.envelope import Envelope
from schemas.triage import Category, SubjectType
from services.notify.adapters.directory_file import PACKAGED_DIRECTORY, FileDirectory
from services.notify.adapters.matrix_file import PACKAGED_MATRIX, load_matrix
from services.notify.domain.matrix import Matrix, Party, Rule, Tell
from services.notify.domain.phone_messages import one_message_per_number
from services.notify.domain.planning import Planner
from services.notify.domain.plans import Audience, ChannelName, PlannedDelivery
from services.notify.domain.recipients import Contact
from services.notify.domain.reporter_targets import ReporterAddress
from services.notify.service_layer.planning import MatrixPlanner
from services.notify.service_layer.reporter_contacts import addressee_for_sending
from tests.fakes.notify import InMemoryContacts, RecordingAlarm

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
CASE = "CASE-5D1E0A9F3B2C4D11"
LAMSEL = {"region_code": "18.01", "routes": ["BAWASLU:18.01"], "unit": "BAWASLU:18.01"}


class World:
    def __init__(self) -> None:
        directory = FileDirectory.load(PACKAGED_DIRECTORY, substitutions={"sink": "http://sink"})
        self.contacts = InMemoryContacts()
        self.alarm = RecordingAlarm()
        planner = Planner(load_matrix(PACKAGED_MATRIX), directory.directory)
        self.planner = MatrixPlanner(planner, self.contacts, self.alarm)

    def reporter(
        self, report_id: str, address: ReporterAddress, language: str = "id"
    ) -> ReporterToTell:
        sealed = self.contacts.seal(report_id, address)
        return ReporterToTell(
            report_id=report_id,
            tracking_code=f"NTR-{report_id[-4:]}",
            language=language,
            contact=sealed,
        )

    async def plan(
        self, event_type: str, data: BaseModel, event_id: uuid.UUID | None = None
    ) -> list[PlannedDelivery]:
        envelope = Envelope[BaseModel](
            id=event_id or uuid.uuid4(),
            source="netra/cases",
            type=event_type,
            time=NOW,
            subject=CASE,
            data=data,
        )
        return list(await self.planner.plan(envelope, {"traceparent": "00-ab-cd-01"}))


def who(planned: list[PlannedDelivery]) -> set[tuple[str, str]]:
    return {(p.addressee.recipient_id, p.addressee.channel.value) for p in planned}


@pytest.fixture
def world() -> World:
    return World()


def registered(**extra: object) -> CaseStatusChanged:
    return CaseStatusChanged(
        **LAMSEL,
        status="registered",
        case_id=CASE,
        from_status="preliminary_review",
        to_status="registered",
        changed_at=NOW,
        actor_role="bawaslu",
        **extra,
    )


async def test_a_registration_reaches_the_unit_the_officer_and_the_reporter(world: World) -> None:
    dewi = world.reporter("RPT-0001", ReporterAddress("dewi@warga.test", "+6281234567890"))
    mail_only = world.reporter("RPT-0002", ReporterAddress("budi@warga.test", None), language="en")
    planned = await world.plan(
        "case.status_changed", registered(assignee="staf.lamsel.01", reporters=[dewi, mail_only])
    )
    assert who(planned) == {
        ("BAWASLU:18.01", "webhook"),
        ("BAWASLU:18.01", "email"),
        ("staf.lamsel.01", "email"),
        ("reporter:RPT-0001", "email"),
        ("reporter:RPT-0001", "whatsapp"),  # one message to the phone, SMS as its fallback
        ("reporter:RPT-0002", "email"),
    }
    reporters = [p for p in planned if p.audience == Audience.REPORTER]
    assert {p.addressee.language for p in reporters} == {"id", "en"}
    assert all(p.template == "case.status_changed.reporter" for p in reporters)
    # citizen-safe context only, and the address is not in the plan (the log keeps it sealed)
    assert all(set(p.context) == {"tracking_code", "status", "event_type"} for p in reporters)
    assert "dewi@warga.test" not in repr(planned) and "+6281234567890" not in repr(planned)
    assert world.alarm.raised == []


async def test_a_reporter_address_opens_only_for_the_send(world: World) -> None:
    dewi = world.reporter("RPT-0001", ReporterAddress("dewi@warga.test", "+6281234567890"))
    planned = await world.plan("case.status_changed", registered(reporters=[dewi]))
    by_channel = {
        p.addressee.channel.value: addressee_for_sending(p.addressee, world.contacts).target
        for p in planned
        if p.audience == Audience.REPORTER
    }
    assert by_channel == {"email": "dewi@warga.test", "whatsapp": "+6281234567890"}
    official = next(p for p in planned if p.audience == Audience.OFFICIAL)
    assert addressee_for_sending(official.addressee, world.contacts) == official.addressee


async def test_a_phone_gets_one_message_a_whatsapp_with_its_sms_as_fallback(world: World) -> None:
    dewi = world.reporter("RPT-0001", ReporterAddress("dewi@warga.test", "+6281234567890"))
    phone_only = world.reporter("RPT-0003", ReporterAddress(None, "+6281298765432"))
    planned = await world.plan("case.status_changed", registered(reporters=[dewi, phone_only]))
    reporters = {
        (p.addressee.recipient_id, p.addressee.channel, p.addressee.fallback)
        for p in planned
        if p.audience == Audience.REPORTER
    }
    assert reporters == {
        ("reporter:RPT-0001", ChannelName.EMAIL, None),
        ("reporter:RPT-0001", ChannelName.WHATSAPP, ChannelName.SMS),
        ("reporter:RPT-0003", ChannelName.WHATSAPP, ChannelName.SMS),
    }


def one_rule_world(*channels: ChannelName) -> World:
    """The packaged directory with a matrix telling the assigned officer on `channels`
    (staf.lamsel.01 has a WhatsApp and an SMS contact on the same number)."""
    world = World()
    tell = Tell(party=Party.ASSIGNED_OFFICER, channels=channels)
    matrix = Matrix(
        version="test", escalate_after_days=2, rules=(Rule(event="case.assigned", tell=(tell,)),)
    )
    directory = FileDirectory.load(PACKAGED_DIRECTORY, substitutions={"sink": "http://sink"})
    world.planner = MatrixPlanner(Planner(matrix, directory.directory), world.contacts, world.alarm)
    return world


@pytest.mark.parametrize(
    ("channels", "expected"),
    [
        # listed first goes; a WhatsApp falls back to the SMS, an SMS needs no fallback
        ((ChannelName.WHATSAPP, ChannelName.SMS), {(ChannelName.WHATSAPP, ChannelName.SMS)}),
        ((ChannelName.SMS, ChannelName.WHATSAPP), {(ChannelName.SMS, None)}),
        ((ChannelName.WHATSAPP,), {(ChannelName.WHATSAPP, None)}),
        ((ChannelName.SMS,), {(ChannelName.SMS, None)}),
        (
            (ChannelName.EMAIL, ChannelName.SMS, ChannelName.WHATSAPP),
            {(ChannelName.EMAIL, None), (ChannelName.SMS, None)},
        ),
    ],
)
async def test_an_official_with_one_number_on_both_gets_one_message(
    channels: tuple[ChannelName, ...], expected: set[tuple[ChannelName, ChannelName | None]]
) -> None:
    world = one_rule_world(*channels)
    assigned = CaseAssigned(**LAMSEL, assignee="staf.lamsel.01", case_id=CASE, assigned_at=NOW)
    planned = await world.plan("case.assigned", assigned)
    assert {(p.addressee.channel, p.addressee.fallback) for p in planned} == expected


def test_two_numbers_are_two_messages() -> None:
    whatsapp = Contact(channel=ChannelName.WHATSAPP, target="+6281100001801")
    other_sms = Contact(channel=ChannelName.SMS, target="+6281100009999")
    same_sms = Contact(channel=ChannelName.SMS, target="+6281100001801")
    channels = (ChannelName.WHATSAPP, ChannelName.SMS)
    assert one_message_per_number([whatsapp, other_sms], channels) == [
        (whatsapp, None),
        (other_sms, None),
    ]
    assert one_message_per_number([same_sms, whatsapp, other_sms], channels) == [
        (whatsapp, ChannelName.SMS),
        (other_sms, None),
    ]


async def test_the_same_event_plans_the_same_ids_again(world: World) -> None:
    event_id = uuid.uuid4()
    first = await world.plan("case.status_changed", registered(assignee="staf.lamsel.01"), event_id)
    again = await world.plan("case.status_changed", registered(assignee="staf.lamsel.01"), event_id)
    assert [p.notification_id for p in first] == [p.notification_id for p in again]
    assert len({p.notification_id for p in first}) == len(first)


def packet() -> ForwardPacket:
    return ForwardPacket(
        case_id=CASE,
        category=Category.CAMPAIGN_ACTIVITY,
        subject_type=SubjectType.ASN,
        region_code="18.01",
        election_type="pilkada",
        summary="Camat hadir dalam deklarasi paslon.",
        outcomes=["neutrality", "criminal"],
    )


def forwarded(track: TrackKind, recipient: str, reporters: list[ReporterToTell]) -> CaseForwarded:
    return CaseForwarded(
        **LAMSEL,
        status="forwarded",
        assignee="staf.lamsel.01",
        dispositions=[Disposition(kind=track.value, status="forwarded", recipient=recipient)],
        reporters=reporters,
        case_id=CASE,
        forwarded_at=NOW,
        track=track,
        recipient=recipient,
        packet=packet(),
    )


async def test_a_neutrality_forward_goes_to_the_provinces_bkn_office_with_the_packet(
    world: World,
) -> None:
    dewi = world.reporter("RPT-0001", ReporterAddress("dewi@warga.test", None))
    planned = await world.plan("case.forwarded", forwarded(TrackKind.NEUTRALITY, "BKN", [dewi]))
    assert who(planned) == {
        ("BKN:18", "webhook"),
        ("BKN:18", "email"),
        ("BAWASLU:18.01", "webhook"),
        ("reporter:RPT-0001", "email"),
    }
    kanreg = next(p for p in planned if p.addressee.recipient_id == "BKN:18")
    assert kanreg.addressee.name == "Kantor Regional BKN untuk Lampung"
    assert kanreg.addressee.secret_ref == "dev/bkn-kanreg-lampung"
    assert kanreg.context["packet"]["summary"] == "Camat hadir dalam deklarasi paslon."
    assert "assignee" not in kanreg.context  # an outside body sees the forward, not the staffing


async def test_a_crime_goes_to_the_gakkumdu_and_the_reporter_is_not_told_of_it(
    world: World,
) -> None:
    dewi = world.reporter("RPT-0001", ReporterAddress("dewi@warga.test", None))
    planned = await world.plan(
        "case.forwarded", forwarded(TrackKind.CRIMINAL, "GAKKUMDU:18.01", [dewi])
    )
    assert who(planned) == {
        ("GAKKUMDU:18.01", "webhook"),
        ("GAKKUMDU:18.01", "email"),
        ("BAWASLU:18.01", "webhook"),
    }


def missed(overdue: timedelta, assignee: str | None = "staf.lamsel.01") -> CaseDeadline:
    return CaseDeadline(
        **LAMSEL,
        assignee=assignee,
        case_id=CASE,
        status="clarification",
        deadline_at=NOW - overdue,
        detected_at=NOW,
    )


async def test_a_missed_deadline_tells_the_officer_and_the_supervisor(world: World) -> None:
    planned = await world.plan("case.deadline_missed", missed(timedelta(hours=1)))
    assert who(planned) == {
        ("staf.lamsel.01", "email"),
        ("staf.lamsel.01", "whatsapp"),
        ("kordiv.pp.lamsel", "email"),
        ("kordiv.pp.lamsel", "whatsapp"),
    }


async def test_missed_by_more_than_the_patience_it_goes_up_a_level(world: World) -> None:
    planned = await world.plan("case.deadline_missed", missed(timedelta(days=3)))
    assert {r for r, _ in who(planned)} == {
        "staf.lamsel.01",
        "kordiv.pp.lamsel",
        "kordiv.pp.lampung",
    }


async def test_whom_the_directory_cannot_reach_raises_the_alarm(world: World) -> None:
    planned = await world.plan(
        "case.deadline_missed", missed(timedelta(hours=1), assignee="nobody.here")
    )
    assert {r for r, _ in who(planned)} == {"kordiv.pp.lamsel"}
    assert [(a.party, a.who, a.reason) for a in world.alarm.raised] == [
        ("assigned_officer", "nobody.here", "assignee not in the directory")
    ]
    body = forwarded(TrackKind.ADMINISTRATIVE, "KPU Kabupaten Lampung Selatan", [])
    await world.plan("case.forwarded", body)
    assert world.alarm.raised[-1].reason == "no directory entry"


async def test_an_assignment_tells_the_officer_only(world: World) -> None:
    assigned = CaseAssigned(**LAMSEL, assignee="staf.lamsel.02", case_id=CASE, assigned_at=NOW)
    planned = await world.plan("case.assigned", assigned)
    assert who(planned) == {("staf.lamsel.02", "email")}
    assert planned[0].addressee.language == "en"


async def test_a_reporter_without_a_contact_is_skipped_quietly(world: World) -> None:
    anonymous = ReporterToTell.model_validate(
        {
            "report_id": "RPT-9",
            "tracking_code": "NTR-9",
            "contact": {"anonymous": True, "wants_updates": True},
        }
    )
    planned = await world.plan("case.status_changed", registered(reporters=[anonymous]))
    assert all(p.audience == Audience.OFFICIAL for p in planned)
    assert world.alarm.raised == []


async def test_a_unit_without_its_own_supervisor_has_the_nearest_one_above(world: World) -> None:
    tubaba = {"region_code": "18.12", "routes": ["BAWASLU:18.12"], "unit": "BAWASLU:18.12"}
    late = missed(timedelta(days=3), assignee=None).model_copy(update=tubaba)
    planned = await world.plan("case.deadline_missed", late)
    # the province's supervisor stands in for the unit's; the chain goes on up to RI
    assert {r for r, _ in who(planned)} == {"kordiv.pp.lampung", "kasubdit.pp.ri"}
    assert world.alarm.raised == []
