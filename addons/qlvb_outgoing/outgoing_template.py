"""Drafts rendered from ODT templates in the layout of Decree 30/2020,
Appendix I (national title and motto, agency, number and symbol, place
and date, type and subject, body, signer block, recipients), and turned
into the PDF the signer signs."""
import re

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.report import Report

from .exceptions import OutgoingError

BLANK = ' ' * 6  # room the clerk fills in by hand on a printed draft
# A subject typed with the "V/v" (về việc) the letter layout prints.
VV = re.compile(r'^\s*v\s*/\s*v\.?\s*', re.IGNORECASE)


def addressee_lines(recipients):
    """Kính gửi: one recipient on its line; several as a list under it
    (Decree 30, Appendix I)"""
    if not recipients:
        return ['Kính gửi:']
    if len(recipients) == 1:
        return [f'Kính gửi: {recipients[0]}.']
    return ['Kính gửi:'] + [f'- {r};' for r in recipients[:-1]] + [
        f'- {recipients[-1]}.']


def place_date(place, date):
    """Bình Thuận, ngày 05 tháng 3 năm 2026: days below 10 and the months
    1 and 2 take a leading zero (Decree 30, Appendix I)"""
    if not date:
        return f'{place}, ngày{BLANK}tháng{BLANK}năm{BLANK}'
    month = f'{date.month:02d}' if date.month < 3 else str(date.month)
    return f'{place}, ngày {date.day:02d} tháng {month} năm {date.year}'


def authority_lines(outgoing, agency):
    """The signer block's two title lines: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH,
    KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, or the title alone"""
    title = (outgoing.signer_title or '').upper()
    authority = outgoing.signer_authority
    if not authority:
        return '', title
    if authority == 'TM.':
        # The collective without its place: TM. ỦY BAN NHÂN DÂN
        principal = outgoing.signer_for or re.split(
            r' (?:tỉnh|thành phố|huyện|thị xã) ', agency.name)[0]
    else:
        principal = outgoing.signer_for or (
            outgoing.signer_title or '').removeprefix('Phó ')
    return f'{authority} {principal.upper()}', title


class Draft:
    "The values a template shows, computed once for both layouts"

    def __init__(self, outgoing):
        Register = Pool().get('qlvb.outgoing.register')
        agency = outgoing.issuing_agency
        register = outgoing.register
        if not register or register.authority != agency:
            register = Register.find_for(outgoing)
        self.parent_name = agency.parent.name.upper() if agency.parent else ''
        self.agency_name = agency.name.upper()
        if outgoing.reference:
            self.reference = outgoing.reference
        else:
            try:
                symbol = (outgoing.make_symbol(register, agency)
                    if register else '')
            except OutgoingError:  # no unit abbreviation yet
                symbol = ''
            self.reference = f'{BLANK}/{symbol}'
        self.place_date = place_date(agency.place_name, outgoing.issue_date)
        self.type_name = outgoing.document_type.name.upper()
        self.subject = outgoing.subject or ''
        if not outgoing.document_type.abbreviation:
            # The letter layout prints "V/v" itself.
            self.subject = VV.sub('', self.subject)
        self.paragraphs = [line for line in
            (outgoing.content or '').splitlines() if line.strip()]
        self.authority_line, self.title_line = authority_lines(
            outgoing, agency)
        self.signer_name = outgoing.signer.name if outgoing.signer else ''
        recipients = ([a.name for a in outgoing.internal_recipients]
            + [a.name for a in outgoing.external_recipients]
            + [d.name for d in outgoing.recipient_departments])
        self.addressees = addressee_lines(recipients)
        self.recipients = recipients
        self.unit = outgoing.drafting_department.abbreviation or ''


class DraftReport(Report):
    __name__ = 'qlvb.outgoing.draft'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['doc'] = Draft(records[0])
        return context


def template_for(outgoing):
    """A công văn has its own layout (V/v under the number, Kính gửi);
    every document with a type name uses the typed layout"""
    return ('qlvb_outgoing.report_outgoing_decision'
        if outgoing.document_type.abbreviation
        else 'qlvb_outgoing.report_outgoing_letter')


def render_pdf(outgoing):
    "The draft as PDF, or a clear error when LibreOffice cannot convert"
    pool = Pool()
    ActionReport = pool.get('ir.action.report')
    ModelData = pool.get('ir.model.data')
    action = ActionReport(ModelData.get_id(template_for(outgoing)))
    context = DraftReport.get_context([outgoing], {}, {})
    odt = DraftReport.render(action, context)
    extension, data = DraftReport.convert(action, odt, timeout=120, retry=0)
    if extension != 'pdf':
        raise OutgoingError(gettext(
                'qlvb_outgoing.msg_outgoing_no_converter',
                document=outgoing.rec_name))
    return bytes(data)
