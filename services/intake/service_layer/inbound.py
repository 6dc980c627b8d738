"""The SMS/WhatsApp desk: a citizen's message becomes a report, or a status answer.

- `CEK <code>` is answered at once with the citizen status (the tracking page's lookup).
- Any other message is a part of a report. Parts from one sender are joined in memory,
  keyed by the sender, and filed as one report through intake's one accept path once the
  sender has been quiet for `join_quiet_s` (or `join_max_s` after the first part). No
  store is read per message: the join state is this process's dictionary, and each part
  is first written to a local sealed journal so that what the gateway was told is taken
  survives a restart (`recover`). The reply (tracking code, next steps) goes back through
  the gateway in the language the citizen wrote in.
- A report the accept path cannot keep (broker away and spool full) stays in the journal
  and is tried again on the next pass: nothing the gateway handed over is lost.
- WhatsApp attachments are fetched from the gateway when the report is filed and go
  through the accept path as evidence (service_layer/inbound_media.py); one that cannot
  be fetched or taken is named in the report and the reply, and the text is filed anyway.

The sender's number is personal data: it is sealed into the report, kept sealed in the
journal, and never logged (log lines name the message id).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from schemas.gateway import InboundMessage
from schemas.reports import ReportSubmission
from services.common.clock import Clock
from services.common.logging import get_logger
from services.common.rate_limit import TokenBuckets
from services.intake.domain.errors import (
    EvidenceRefused,
    InvalidSubmission,
    MalformedTrackingCode,
    ReportNotSaved,
    UnknownTrackingCode,
)
from services.intake.domain.evidence import EvidenceLimits, Upload
from services.intake.domain.inbound import (
    MIN_REPORT_CHARS,
    JoinedReport,
    Part,
    StatusQuestion,
    guess_language,
    read_message,
    submission_document,
)
from services.intake.domain.inbound_text import reply, status_reply
from services.intake.domain.receipt import Receipt
from services.intake.domain.submission import validate_submission
from services.intake.domain.tracking import citizen_view
from services.intake.service_layer.inbound_media import FetchedMedia, fetch_media
from services.intake.service_layer.inbound_metrics import INBOUND, REPLIES
from services.intake.service_layer.inbound_ports import (
    GatewayReplies,
    MediaFetcher,
    PartJournal,
    ReplyNotSent,
)
from services.intake.service_layer.ports import StatusSource, StatusUnavailable
from services.intake.service_layer.tracking import track_report

log = get_logger(__name__)

Filing = Callable[[ReportSubmission, Sequence[Upload]], Awaitable[Receipt]]


class SenderLimited(Exception):
    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"retry after {retry_after_s} s")
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class JoinPolicy:
    quiet_s: float  # a sender silent this long has finished the report
    max_s: float  # a report is filed this long after its first part, whatever follows
    max_text_chars: int = 20_000


@dataclass
class _Joining:
    first_at: datetime
    last_at: datetime
    parts: list[Part] = field(default_factory=list)


class InboundDesk:
    def __init__(
        self,
        *,
        file: Filing,
        statuses: StatusSource,
        replies: GatewayReplies,
        journal: PartJournal,
        media: MediaFetcher,
        evidence_limits: EvidenceLimits,
        senders: TokenBuckets,
        policy: JoinPolicy,
        clock: Clock,
    ) -> None:
        self.file = file
        self.media = media
        self.evidence_limits = evidence_limits
        self.statuses = statuses
        self.replies = replies
        self.journal = journal
        self.senders = senders
        self.policy = policy
        self.clock = clock
        self._joining: dict[str, _Joining] = {}
        self._recovered = False

    async def take(self, message: InboundMessage) -> str:
        """What became of the message: `answered` (a status question) or `joining`.

        Raises `SenderLimited` when the sender sends faster than its bucket allows.
        """
        decision = self.senders.take(message.sender)
        if not decision.allowed:
            INBOUND.labels(channel=message.channel, outcome="rate_limited").inc()
            raise SenderLimited(decision.retry_after_s)
        question = read_message(message.text) if not message.media else None
        if question is not None:
            await self._answer_status(message, question)
            INBOUND.labels(channel=message.channel, outcome="status_question").inc()
            return "answered"
        part = Part(
            message_id=message.message_id,
            channel=message.channel,
            sender=message.sender,
            text=message.text,
            received_at=message.received_at,
            media=tuple(message.media),
        )
        self.journal.keep(part)
        self._join(part, self.clock.now())
        INBOUND.labels(channel=message.channel, outcome="report_part").inc()
        return "joining"

    def recover(self) -> int:
        """After a restart: the journal's parts join again, to be filed after a quiet spell.

        Once per process: a restarted background task finds them in memory already.
        """
        if self._recovered:
            return 0
        self._recovered = True
        now = self.clock.now()
        parts = sorted(self.journal.kept(), key=lambda p: p.received_at)
        for part in parts:
            self._join(part, now)
        return len(parts)

    async def file_due(self) -> int:
        """File every report whose sender has finished; how many were filed."""
        now = self.clock.now()
        quiet = timedelta(seconds=self.policy.quiet_s)
        longest = timedelta(seconds=self.policy.max_s)
        due = [
            key
            for key, joining in self._joining.items()
            if now - joining.last_at >= quiet or now - joining.first_at >= longest
        ]
        filed = 0
        for key in due:
            joining = self._joining[key]
            # A snapshot: a part taken while this report is being filed is not in it,
            # and must not be dropped with it (it starts the sender's next report).
            parts = tuple(joining.parts)
            if not await self._file(parts):
                continue
            self.journal.drop([p.message_id for p in parts])
            later = joining.parts[len(parts) :]
            if later:
                self._joining[key] = _Joining(joining.last_at, joining.last_at, later)
            else:
                del self._joining[key]
            filed += 1
        return filed

    def joining(self) -> int:
        return len(self._joining)

    def _join(self, part: Part, now: datetime) -> None:
        key = f"{part.channel}:{part.sender}"
        joining = self._joining.setdefault(key, _Joining(first_at=now, last_at=now))
        if all(p.message_id != part.message_id for p in joining.parts):
            joining.parts.append(part)
        joining.last_at = now

    async def _file(self, parts: tuple[Part, ...]) -> bool:
        """File one joined report and reply; False to keep it for the next pass."""
        first = parts[0]
        report = JoinedReport(first.channel, first.sender, parts)
        lang = guess_language(report.words)
        if len(report.words) < MIN_REPORT_CHARS:
            await self._reply(first, reply("too_short", lang), reference=f"HLP-{first.message_id}")
            return True
        media = await fetch_media(parts, fetcher=self.media, limits=self.evidence_limits)
        document = submission_document(
            report, max_text_chars=self.policy.max_text_chars, refused_media=media.refused
        )
        try:
            receipt = await self._file_with(validate_submission(document), media)
        except InvalidSubmission as exc:
            log.warning("inbound_report_invalid", message_id=first.message_id, fields=str(exc))
            await self._reply(first, reply("too_short", lang), reference=f"HLP-{first.message_id}")
            return True
        except ReportNotSaved:
            log.error("inbound_report_not_saved", message_id=first.message_id)
            return False
        text = reply("filed", lang, code=receipt.tracking_code, url=receipt.status_url)
        if media.refused:
            text += " " + reply("media_refused", lang, count=str(len(media.refused)))
        await self._reply(first, text, reference=f"RPL-{receipt.report_id}")
        log.info(
            "inbound_report_filed",
            report_id=receipt.report_id,
            parts=len(parts),
            channel=first.channel,
        )
        return True

    async def _file_with(self, submission: ReportSubmission, media: FetchedMedia) -> Receipt:
        try:
            return await self.file(submission, media.uploads)
        except EvidenceRefused as exc:  # checked one by one already; the text goes anyway
            log.warning("inbound_media_refused_together", why=exc.reason)
            media.refused.append(f"all: {exc.message}")
            noted = "\n".join(filter(None, (submission.evidence_text, media.refused[-1])))
            return await self.file(submission.model_copy(update={"evidence_text": noted}), ())

    async def _answer_status(self, message: InboundMessage, question: StatusQuestion) -> None:
        lang = question.lang
        try:
            status = await track_report(question.raw_code, statuses=self.statuses)
            text = status_reply(citizen_view(status, lang), lang)
        except MalformedTrackingCode:
            text = reply("malformed_code", lang)
        except UnknownTrackingCode as exc:
            text = reply("unknown_code", lang, code=str(exc))
        except StatusUnavailable:
            text = reply("unavailable", lang)
        part = Part(message.message_id, message.channel, message.sender, "", message.received_at)
        await self._reply(part, text, reference=f"CEK-{message.message_id}")

    async def _reply(self, to: Part, text: str, *, reference: str) -> None:
        try:
            await self.replies.send(
                channel=to.channel, to=to.sender, text=text, reference=reference[:80]
            )
        except ReplyNotSent as exc:
            # The report is safe; the citizen can ask with CEK. Counted, never the number.
            REPLIES.labels(outcome="failed").inc()
            log.warning("inbound_reply_not_sent", message_id=to.message_id, why=str(exc))
            return
        REPLIES.labels(outcome="sent").inc()
