"""edXML exchange between two databases through the folder-drop channel:
the Office of the Binh Thuan People's Committee (the demo) and the Ministry
of Home Affairs (Bộ Nội vụ, a second database of the same product).  Plus
the import as the server does it: recall, update and replacement applied,
duplicates ignored, 1,000 mutated packages refused without a trace."""
import base64
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from decimal import Decimal
from unittest import mock

from proteus import Model, Wizard
from proteus import config as pconfig
from trytond.config import config as tconfig
from trytond.i18n import gettext
from trytond.modules.qlvb_edxml import edxml
from trytond.modules.qlvb_signature import signing
from trytond.pool import Pool
from trytond import backend
from trytond.tests import test_tryton
from trytond.tests.test_tryton import DB_NAME, create_db, drop_db
from trytond.transaction import Transaction

from qlvb_demo import setup_demo_signing
from qlvb_demo.pki import PASSPHRASE, blank_pdf, certificate_authority, seal_png
from .test_edxml import (
    SAMPLE, labelled_mutations, pdf_mutations, read_sample, sample)
from qlvb_demo.tools import (
    TODAY, DemoScenario, accept_warning, activate_demo, click, direct,
    record, refused, submit)

PEER = 'edxml_peer' if DB_NAME == ':memory:' else DB_NAME + '_peer'
VP, BNV = '000.00.01.H10', '000.00.00.G09'
NC = "Phòng Nội chính - Kiểm soát thủ tục hành chính"


def use(config):
    "Make config the current proteus configuration (A or the peer)"
    pconfig._CONFIG.current = config
    return config


def peer_from_template():
    """The peer's database copied from the template of the module made for
    the demo (PostgreSQL), else created empty; whether it was copied"""
    cache = test_tryton.DB_CACHE
    if backend.name == 'postgresql' and cache:
        template = test_tryton._db_cache_file(cache, 'qlvb_dieuhanh')[
            len(cache) + 1:]
        backend.Database._list_cache.clear()  # made by another process?
        if test_tryton.db_exist(template):
            with Transaction().start(
                    None, 0, close=True, autocommit=True) as transaction:
                transaction.database.create(
                    transaction.connection, PEER, template)
            return True
    create_db(PEER)
    return False


def activate_peer(folder):
    """The Ministry's own database: one agency in the system, its clerk
    and leader (admin here), certificates of its own CA"""
    drop_db(PEER)
    copied = peer_from_template()
    config = use(pconfig.set_trytond(database=PEER))
    if not copied:
        Module = Model.get('ir.module')
        Module.click(Module.find([('name', '=', 'qlvb_dieuhanh')]),
            'activate')
        Wizard('ir.module.activate_upgrade').execute('upgrade')
    Currency, Party = Model.get('currency.currency'), Model.get('party.party')
    Company, User = Model.get('company.company'), Model.get('res.user')
    currency = Currency(name="Đồng Việt Nam", code='VND', symbol='₫',
        digits=0, rounding=Decimal(1))
    currency.save()
    party = Party(name="Bộ Nội vụ")
    party.save()
    company = Company(party=party, currency=currency,
        timezone='Asia/Ho_Chi_Minh')
    company.save()
    agency = Model.get('qlvb.agency')(name="Bộ Nội vụ", abbreviation='BNV',
        identifier=BNV, level='department', company=company)
    agency.save()
    Model.get('qlvb.department')(name="Vụ Chính quyền địa phương",
        abbreviation='CQĐP', agency=agency).save()
    admin, = User.find([('login', '=', 'admin')])
    admin.companies.append(Company(company.id))
    admin.company = Company(company.id)
    admin.save()
    config._context = User.get_preferences(True, {})
    Model.get('qlvb.incoming.register')(
        name="Sổ văn bản đến", company=company).save()
    Model.get('qlvb.outgoing.register')(
        name="Sổ văn bản đi", company=company).save()
    ca_pem, issue = certificate_authority("CA Bộ Nội vụ")
    Model.get('qlvb.signing.root')(name="CA Bộ Nội vụ",
        certificate=ca_pem).save()
    Certificate = Model.get('qlvb.signing.certificate')
    Certificate(kind='personal', user=admin, pkcs12=issue(admin.name),
        passphrase=PASSPHRASE).save()
    Certificate(kind='organisation', company=company,
        pkcs12=issue("Bộ Nội vụ"), passphrase=PASSPHRASE,
        image=seal_png()).save()
    Model.get('qlvb.edxml.channel')(company=company, kind='folder',
        folder=folder).save()
    return config, ca_pem


def run_exchange():
    "The cron, as an administrator runs it once from its form"
    config = pconfig.get_config()
    ModelData = Model.get('ir.model.data')
    Cron = Model.get('ir.cron')
    user = config.user
    config.user = 1
    try:
        cron = Cron(ModelData.get_id(
                'qlvb_edxml', 'cron_edxml_exchange', config.context))
        cron.click('run_once')
    finally:
        config.user = user


def on_server(database, function):
    "Call function(pool) in a transaction of database, as the cron does"
    with Transaction().start(database, 0, context={'company': None}) as (
            transaction):
        result = function(Pool())
        transaction.commit()
    return result


def signed_pdf(pool, text="Cong van 60"):
    "A PDF signed by a leader of the demo, whose CA the database trusts"
    Certificate = pool.get('qlvb.signing.certificate')
    certificate, = Certificate.search([('kind', '=', 'personal')], limit=1)
    return signing.sign_as_signer(blank_pdf(text=text),
        signing.PKCS12Signer(certificate.pkcs12, PASSPHRASE),
        image_png=None, title="TL.", name="Nguyễn Văn Bình")


def issue(outgoing_id):
    "The outgoing document walked to issuing as an administrator"
    outgoing = Model.get('qlvb.outgoing')(outgoing_id)
    for button in ['to_review', 'to_format_check', 'to_approval', 'approve',
            'sign', 'give_number', 'sign_organisation', 'issue']:
        click(outgoing_id, button)
    return Model.get('qlvb.outgoing')(outgoing_id)


class PeerScenario(DemoScenario):
    "The demo with the Ministry's own database beside it, both exchanging"

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix='edxml-')
        # SQLite keeps the peer database (and both filestores) here.
        cls.path = tconfig.get('database', 'path')
        tconfig.set('database', 'path', cls.folder)
        drop_db()
        cls.config, cls.users = activate_demo()
        setup_demo_signing(cls.config)
        cls.exchange = os.path.join(cls.folder, 'exchange')
        Channel = Model.get('qlvb.edxml.channel')
        cls.vp = record('company.company',
            [('party.name', '=', "Văn phòng Ủy ban nhân dân tỉnh")])
        Channel(company=cls.vp, kind='folder', folder=cls.exchange).save()
        # proteus points TRYTOND_DATABASE_URI at the last database it
        # opened: keep the suite's own for the scenarios that follow.
        cls.database_uri = os.environ.get('TRYTOND_DATABASE_URI')
        cls.peer, peer_ca = activate_peer(cls.exchange)
        cls.restore_database_uri()
        # Each trusts the other's certificate authority.
        use(cls.config)
        Root = Model.get('qlvb.signing.root')
        Root(name="CA Bộ Nội vụ", certificate=peer_ca).save()
        root, = [r for r in Root.find([]) if r.name != "CA Bộ Nội vụ"]
        use(cls.peer)
        Model.get('qlvb.signing.root')(name=root.name,
            certificate=root.certificate).save()
        use(cls.config)

    @classmethod
    def restore_database_uri(cls):
        if cls.database_uri is None:
            os.environ.pop('TRYTOND_DATABASE_URI', None)
        else:
            os.environ['TRYTOND_DATABASE_URI'] = cls.database_uri

    @classmethod
    def tearDownClass(cls):
        use(cls.config)
        cls.restore_database_uri()
        drop_db(PEER)
        super().tearDownClass()
        tconfig.set('database', 'path', cls.path)
        shutil.rmtree(cls.folder, ignore_errors=True)

    def login(self, login):
        use(self.config)
        return super().login(login)


class EdxmlScenario(PeerScenario):

    def test_exchange_between_two_databases(self):
        "Issue to the Ministry; it registers, replies; recall reaches it"
        self.login('chuyenvien')
        Outgoing = Model.get('qlvb.outgoing')
        letter = Outgoing(subject="Về việc báo cáo sơ kết cải cách hành chính",
            content="Ủy ban nhân dân tỉnh báo cáo như sau...",
            document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
            urgency=record('qlvb.urgency', [('code', '=', 'KHAN')]),
            drafting_department=record('qlvb.department',
                [('name', '=', NC)]),
            register=record('qlvb.outgoing.register',
                [('name', '=', "Sổ văn bản đi của UBND tỉnh")]),
            signer=record('res.user', [('login', '=', 'chutich')]),
            signer_authority='TM.', signer_title="Chủ tịch",
            main_file=blank_pdf(text="Bao cao so ket"),
            main_filename='bao-cao.pdf',
            external_recipients=[
                record('qlvb.agency', [('identifier', '=', BNV)])],
            internal_recipients=[
                record('qlvb.agency', [('abbreviation', '=', 'SNV')])])
        letter.save()
        Model.get('ir.attachment')(resource=letter, name='phu-luc.pdf',
            data=blank_pdf(text="Phu luc")).save()
        for login, button in [('chuyenvien', 'to_review'),
                ('truongphong', 'to_format_check'),
                ('vanthu', 'to_approval'), ('chutich', 'approve'),
                ('chutich', 'sign'), ('vanthu', 'give_number'),
                ('vanthu', 'sign_organisation'), ('vanthu', 'issue')]:
            self.login(login)
            click(letter.id, button)
        letter = Outgoing(letter.id)
        self.assertEqual(letter.state, 'issued')
        internal, dispatch = sorted(letter.dispatches,
            key=lambda d: d.agency.identifier == BNV)
        self.assertEqual(internal.status, 'arrived')
        self.assertEqual(dispatch.agency.identifier, BNV)
        self.assertIsNone(dispatch.status)
        Package = Model.get('qlvb.edxml.package')
        self.login('vanthu')
        # The letter's own package (another test may leave status
        # packages of its own in the outbox).
        package, = Package.find([('direction', '=', 'out'),
                ('outgoing', '=', letter.id)])
        self.assertEqual((package.kind, package.state, package.business_type),
            ('document', 'waiting', '0'))
        signed = bytes(letter.signed_file)

        run_exchange()
        package.reload()
        self.assertEqual((package.state, package.tries), ('sent', 1))
        package_id = package.package_id
        inbox = os.path.join(self.exchange, BNV, 'inbox')
        # The folder channel names a package by its content.
        name = hashlib.sha256(bytes(package.data)).hexdigest()[:32] + (
            '.edxml')
        self.assertIn(name, os.listdir(inbox))
        # Delivered twice (a retry of the platform): imported once.
        shutil.copy(os.path.join(inbox, name),
            os.path.join(inbox, 'again-' + name))

        # The Ministry finds it waiting for registration, pre-filled.
        use(self.peer)
        run_exchange()
        Incoming = Model.get('qlvb.incoming')
        incoming, = Incoming.find([('reference', '=', letter.reference)])
        self.assertEqual(incoming.state, 'received')
        self.assertEqual(incoming.subject, letter.subject)
        self.assertEqual(incoming.issue_date, letter.issue_date)
        self.assertEqual(incoming.document_type.code, 'CV')
        self.assertEqual(incoming.urgency.code, 'KHAN')
        self.assertEqual(incoming.signer_name, "Nguyễn Văn An")
        self.assertEqual(incoming.signer_position, "TM. Chủ tịch")
        self.assertEqual(incoming.medium, 'electronic')
        self.assertEqual(bytes(incoming.main_file), signed)
        self.assertEqual(incoming.signature_state, 'valid')
        self.assertEqual(incoming.issuer.identifier, VP)
        self.assertEqual(incoming.issuer.level, 'external')
        annex, = Model.get('ir.attachment').find(
            [('resource', '=', f'qlvb.incoming,{incoming.id}')])
        self.assertEqual(annex.name, 'phu-luc.pdf')
        self.assertEqual(os.listdir(inbox), [])
        received = Model.get('qlvb.edxml.package').find(
            [('direction', '=', 'in'), ('package_id', '=', package_id)])
        self.assertEqual([(p.state, p.incoming.id) for p in received],
            [('imported', incoming.id)])
        incoming.click('register_arrival')
        self.assertEqual(incoming.state, 'registered')

        # It replies with its own document, to the Office outside its
        # system.
        reply = Model.get('qlvb.outgoing')(subject="Trả lời về báo cáo",
            document_type=record('qlvb.document.type', [('code', '=', 'CV')]),
            drafting_department=record('qlvb.department', []),
            signer=record('res.user', [('login', '=', 'admin')]),
            signer_title="Vụ trưởng", reply_to=[incoming],
            main_file=blank_pdf(text="Tra loi"), main_filename='tra-loi.pdf',
            external_recipients=[incoming.issuer])
        reply.save()
        reply = issue(reply.id)
        self.assertEqual(reply.reference, '01/BNV-CQĐP')
        run_exchange()
        statuses = Model.get('qlvb.edxml.package').find(
            [('direction', '=', 'out'), ('kind', '=', 'status'),
                ('incoming', '=', incoming.id)])
        self.assertEqual(sorted(p.status_code for p in statuses),
            ['01', '03'])
        self.assertEqual({p.state for p in statuses}, {'sent'})

        # The Office sees the status and the reply on the dispatch row.
        use(self.config)
        run_exchange()
        self.login('vanthu')
        dispatch = Model.get('qlvb.outgoing.dispatch')(dispatch.id)
        self.assertEqual(dispatch.status, 'registered')
        answer, = dispatch.reply_incomings
        self.assertEqual(answer.reference, '01/BNV-CQĐP')
        self.assertEqual(answer.state, 'received')
        self.assertEqual(answer.signature_state, 'valid')
        self.assertEqual(answer.issuer.identifier, BNV)
        package = Model.get('qlvb.edxml.package')(package.id)
        self.assertEqual(package.state, 'acknowledged')

        # The Office updates, then recalls its letter: the copies are
        # rewritten, then frozen.
        def recall(pool):
            Dispatch = pool.get('qlvb.outgoing.dispatch')
            outgoing = pool.get('qlvb.outgoing')(letter.id)
            Dispatch.notify_change(outgoing, 'update', "Bổ sung phụ lục")
            Dispatch.notify_change(outgoing, 'recall',
                "Ban hành chưa đúng thẩm quyền")
        on_server(DB_NAME, recall)
        # Agencies in the system: applied at once to their copy.
        self.login('vanthusnv')
        copy = record('qlvb.incoming', [('reference', '=', letter.reference)])
        self.assertEqual((copy.state, copy.state_reason),
            ('recalled', "Ban hành chưa đúng thẩm quyền"))
        self.assertEqual([s.kind for s in copy.trail], ['update', 'recall'])
        self.login('vanthu')
        self.assertEqual(Model.get('qlvb.outgoing.dispatch')(
                dispatch.id).status, 'recall_requested')
        run_exchange()
        use(self.peer)
        run_exchange()
        incoming.reload()
        self.assertEqual(incoming.state, 'recalled')
        self.assertEqual(incoming.state_reason,
            "Ban hành chưa đúng thẩm quyền")
        self.assertEqual([s.kind for s in incoming.trail],
            ['update', 'recall'])
        self.assertEqual(
            [s.note for s in incoming.trail][0], "Bổ sung phụ lục")
        with refused(self, 'ir.msg_button_state_record', button='submit',
                record=incoming.rec_name):
            incoming.click('submit')
        run_exchange()
        use(self.config)
        run_exchange()
        self.login('vanthu')
        dispatch = Model.get('qlvb.outgoing.dispatch')(dispatch.id)
        self.assertEqual(dispatch.status, 'recalled')

    def test_import_applied_and_hostile(self):
        "Duplicates ignored; recall, update, replace applied; fuzz"
        Package = Model.get('qlvb.edxml.package')

        def import_(data):
            def run(pool):
                Package = pool.get('qlvb.edxml.package')
                Company = pool.get('company.company')
                row = Package.import_package(Company(self.vp.id), data)
                return row and (row.state, row.error, row.incoming
                    and row.incoming.id)
            return on_server(DB_NAME, run)

        first = edxml.build(sample())
        state, error, incoming_id = import_(first)
        self.assertEqual((state, error), ('imported', None))
        self.assertIsNone(import_(first))  # sent again: nothing new
        self.login('vanthu')
        incoming, = Model.get('qlvb.incoming').find(
            [('reference', '=', '15/CV-BNV')])
        self.assertEqual(incoming.id, incoming_id)
        self.assertEqual(incoming.issuer.abbreviation, 'BNV')
        self.assertEqual(incoming.due_date, dt.date(2026, 12, 15))
        self.assertEqual(incoming.urgency.code, 'KHAN')
        self.assertEqual(incoming.page_count, 2)
        # Unsigned: the clerk accepts the warning on its signatures.
        accept_warning(self, incoming.click, 'register_arrival')
        submit(incoming, self.users['chutich'])
        self.login('chutich')
        direct(Model.get('qlvb.incoming')(incoming.id), "Phòng NC xử lý.",
            lines=[('lead', NC, None, TODAY + dt.timedelta(days=10))])

        # An update changes the registered copy, with a log line.
        state, _, _ = import_(edxml.build(sample(business_type='2',
                    business_reason="Sửa trích yếu",
                    subject="Về việc báo cáo cải cách hành chính (sửa)")))
        self.assertEqual(state, 'imported')
        # The recall freezes it, ends the duties, tells the assignees.
        state, _, _ = import_(edxml.build(sample(business_type='1',
                    business_reason="Thu hồi để ban hành lại")))
        self.assertEqual(state, 'imported')
        self.login('truongphong')
        incoming = Model.get('qlvb.incoming')(incoming.id)
        self.assertEqual(incoming.state, 'recalled')
        self.assertEqual(incoming.subject,
            "Về việc báo cáo cải cách hành chính (sửa)")
        self.assertEqual([s.kind for s in incoming.trail][-2:],
            ['update', 'recall'])
        self.assertEqual({a.state for a in incoming.assignments},
            {'cancelled'})
        notifications = Model.get('res.notification').find(
            [('user', '=', self.users['truongphong'])])
        self.assertIn("Thu hồi để ban hành lại",
            [n.description for n in notifications])
        cancelled = Model.get('qlvb.incoming.assignment')(
            incoming.assignments[0].id)
        with refused(self, 'ir.msg_button_state_record', button='start',
                record=cancelled.rec_name):
            cancelled.click('start')
        self.login('vanthu')
        outbox = Package.find([('direction', '=', 'out'),
                ('kind', '=', 'status'), ('incoming', '=', incoming.id)])
        self.assertEqual(sorted(p.status_code for p in outbox),
            ['01', '03', '04', '15'])
        # The clerk need not wait for the cron; a package sent is not
        # sent again by hand.
        waiting = outbox[0]
        waiting.click('resend')
        self.assertEqual((waiting.state, waiting.tries), ('sent', 1))
        with refused(self, 'ir.msg_button_state_record', button='resend',
                record=waiting.rec_name):
            waiting.click('resend')
        shutil.rmtree(os.path.join(self.exchange, '000.00.00.G09'))

        # A replacement links the new document and freezes the old one.
        old = sample(code_number='20')
        import_(edxml.build(old))
        state, _, new_id = import_(edxml.build(sample(code_number='21',
                    business_type='3', business_reason="Thay thế",
                    replacement_for=old.document_id)))
        old_incoming, = Model.get('qlvb.incoming').find(
            [('reference', '=', '20/CV-BNV')])
        self.assertEqual(old_incoming.state, 'recalled')
        self.assertEqual(old_incoming.replaced_by.id, new_id)

        # Refused with a clear reason; nothing else written.
        for data, expected in [
                (edxml.build(sample(code_number='30', attachments=[
                                edxml.Attachment('x.pdf', b'<html/>')])),
                    "PDF"),
                (edxml.build(sample(business_type='1', code_number='99')),
                    "99/CV-BNV"),
                (b'<!DOCTYPE x [<!ENTITY a "a">]><x>&a;</x>', "DTD"),
                # Refused after its unknown sender was created: undone.
                (edxml.build(sample(code_number='31',
                            sender=edxml.Organ('000.00.00.G77', "Bộ X"),
                            promulgation_date=TODAY + dt.timedelta(days=3))),
                    str(TODAY.year)),
                ]:
            state, error, incoming_id = import_(data)
            self.assertEqual((state, incoming_id), ('refused', None))
            self.assertIn(expected, error)
        self.assertFalse(Model.get('qlvb.agency').find(
                [('identifier', '=', '000.00.00.G77')]))

        # 1,000 mutated packages through the real import.
        def fuzz(pool):
            Package = pool.get('qlvb.edxml.package')
            Incoming = pool.get('qlvb.incoming')
            Attachment = pool.get('ir.attachment')
            company = pool.get('company.company')(self.vp.id)
            before = (Incoming.search_count([]),
                Attachment.search_count([]))
            created, outcomes = [], {}
            package = sample(code_number='40')
            seed = edxml.build(package)
            for number, (kind, detail, data) in enumerate(
                    labelled_mutations(seed, 1000)):
                # Each its own package and document: a duplicate would be
                # skipped before the checks.
                data = data.replace(package.id.encode(),
                    b'fuzz-%d' % number).replace(
                    b'>40</edXML:CodeNumber>',
                    b'>%d</edXML:CodeNumber>' % (1000 + number)).replace(
                    b',40/CV-BNV<', b',%d/CV-BNV<' % (1000 + number))
                row = Package.import_package(company, data)
                outcome = row.state if row else 'duplicate'
                outcomes.setdefault(kind, {}).setdefault(outcome, 0)
                outcomes[kind][outcome] += 1
                if row and row.state == 'refused':
                    self.assertIsNone(row.incoming)
                    self.assertTrue(row.error)
                elif row and row.business_type in {'0', '3'}:
                    created.append(row.incoming)
            after = (Incoming.search_count([]), Attachment.search_count([]))
            self.assertEqual(after[0] - before[0], len(created))
            self.assertEqual(after[1] - before[1], Attachment.search_count(
                    [('resource', 'in', [str(i) for i in created])]))
            return outcomes
        outcomes = on_server(DB_NAME, fuzz)
        self.assertEqual(sum(sum(o.values()) for o in outcomes.values()),
            1000)
        # DTDs and entities, cut packages, tampered namespaces and
        # attributes, a main file that is no longer a PDF: all refused.
        for kind in ['entities', 'truncated', 'tampered', 'base64']:
            self.assertEqual(set(outcomes[kind]), {'refused'}, kind)
        # Optional elements removed, renamed or repeated, harmless texts:
        # imported; required ones missing or bad values: refused.
        for kind in ['removed', 'renamed', 'text', 'several']:
            self.assertEqual(set(outcomes[kind]), {'refused', 'imported'},
                kind)


        # Mutated updates and recalls of a document received earlier:
        # whatever is refused leaves every document as it was; what is
        # applied changes the document it names, and it alone.
        target = sample(code_number='50')
        state, _, target_id = import_(edxml.build(target))
        self.assertEqual(state, 'imported')

        def fuzz_changes(pool):
            Package = pool.get('qlvb.edxml.package')
            Incoming = pool.get('qlvb.incoming')
            Step = pool.get('qlvb.incoming.circulation')
            company = pool.get('company.company')(self.vp.id)

            def documents():
                return ({r['id']: r for r in Incoming.search_read([],
                            fields_names=['state', 'subject',
                                'state_reason', 'write_date'])},
                    Step.search_count([]))
            outcomes = {}
            for business_type, values in [
                    ('2', {'subject': "Về việc báo cáo (sửa)"}),
                    ('1', {})]:
                package = sample(code_number='50',
                    business_type=business_type,
                    business_reason="Lý do %s" % business_type, **values)
                seed = edxml.build(package)
                for number, (kind, detail, data) in enumerate(
                        labelled_mutations(seed, 60, seed=int(
                                business_type))):
                    data = data.replace(package.id.encode(),
                        b'change-%s-%d' % (business_type.encode(), number))
                    (before, steps) = documents()
                    row = Package.import_package(company, data)
                    outcome = row.state if row else 'duplicate'
                    (after, steps_after) = documents()
                    changed = {i for i in before if before[i] != after[i]}
                    key = (business_type, kind)
                    outcomes.setdefault(key, {}).setdefault(outcome, 0)
                    outcomes[key][outcome] += 1
                    with self.subTest(key=key, detail=detail):
                        if kind in {'entities', 'truncated', 'tampered'}:
                            self.assertEqual(outcome, 'refused')
                        elif kind == 'base64':
                            # Not base64: refused; another main file
                            # than a PDF: refused for an update, which
                            # brings the files, not for a recall.
                            self.assertEqual(outcome, 'refused'
                                if business_type == '2' or detail in {
                                    '!!!not base64!!!', base64.b64encode(
                                        b'%PDF-1.4 tiny').decode() + '=='}
                                else 'imported')
                        if (outcome == 'imported'
                                and row.business_type in {'1', '2'}):
                            # (an update may bring what it already has)
                            self.assertLessEqual(changed, {row.incoming.id})
                            self.assertEqual(steps_after, steps + 1)
                            if row.business_type == '1':
                                self.assertEqual(
                                    after[row.incoming.id]['state'],
                                    'recalled')
                        elif outcome == 'imported':  # now a new document
                            self.assertEqual(changed, set())
                        else:
                            self.assertEqual((after, steps_after),
                                (before, steps))
            return outcomes
        outcomes = on_server(DB_NAME, fuzz_changes)
        for business_type in ['1', '2']:
            for kind in ['entities', 'truncated', 'tampered']:
                self.assertEqual(set(outcomes[business_type, kind]),
                    {'refused'}, (business_type, kind))
            # Copies of the first element of a kind change nothing of the
            # meaning: applied.
            self.assertIn('imported', outcomes[business_type, 'duplicated'])

    def test_sample_through_folder_channel(self):
        "The national SDK's sample dropped in the folder: imported whole"
        province = '000.00.00.H12'  # the sample's recipient

        def prepare(pool):
            Agency = pool.get('qlvb.agency')
            ubnd, = Agency.search([('identifier', '=', '000.00.00.H10')])
            Agency.write([ubnd], {'identifier': province})
            pool.get('qlvb.edxml.channel').create([{
                        'company': ubnd.company.id, 'folder': self.exchange}])
            return ubnd.id, ubnd.company.id

        def restore(pool):
            Agency = pool.get('qlvb.agency')
            Channel = pool.get('qlvb.edxml.channel')
            Channel.delete(Channel.search([('company', '=', company_id)]))
            Agency.write([Agency(ubnd_id)], {'identifier': '000.00.00.H10'})
        ubnd_id, company_id = on_server(DB_NAME, prepare)
        self.addCleanup(on_server, DB_NAME, restore)
        inbox = os.path.join(self.exchange, province, 'inbox')
        os.makedirs(inbox, exist_ok=True)
        shutil.copy(SAMPLE, os.path.join(inbox, 'sample-document.edxml'))

        def import_(pool):
            Package = pool.get('qlvb.edxml.package')
            Package.run_exchange()
            row, = Package.search([('company', '=', company_id),
                    ('direction', '=', 'in')])
            incoming = row.incoming
            answer, = Package.search([('company', '=', company_id),
                    ('direction', '=', 'out')])
            return {
                'row': (row.state, row.error, row.package_id,
                    row.document_id, row.reference, row.business_type,
                    row.description, row.agency.identifier),
                'incoming': (incoming.state, incoming.medium,
                    incoming.company.id, incoming.reference,
                    incoming.issue_date, incoming.document_type.code,
                    incoming.subject, incoming.description,
                    incoming.signer_name, incoming.signer_position,
                    incoming.urgency.code, incoming.due_date,
                    incoming.page_count, incoming.recipients,
                    incoming.main_filename, bytes(incoming.main_file),
                    incoming.signature_state),
                'issuer': (incoming.issuer.identifier, incoming.issuer.name,
                    incoming.issuer.level),
                'answer': (answer.kind, answer.status_code, answer.state,
                    answer.agency.identifier, bytes(answer.data)),
                }
        result = on_server(DB_NAME, import_)
        self.assertEqual(result['row'], ('imported', None, '5c1e9a27',
                '000.00.00.G22,2026/11/20,7816/VPCP-TTĐT', '7816/VPCP-TTĐT',
                '0', "Văn bản điện tử mới", '000.00.00.G22'))
        pdf = edxml.parse(read_sample(), 10 ** 6).attachments[0].data
        self.assertEqual(result['incoming'], ('received', 'electronic',
                company_id, '7816/VPCP-TTĐT', dt.date(2026, 11, 20), 'CV',
                "V/v báo cáo kết quả thực hiện nhiệm vụ Chính phủ, Thủ tướng "
                "Chính phủ giao năm 2026",
                "Đề nghị Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện "
                "nhiệm vụ được giao năm 2026.",
                "Nguyễn Văn Mẫu", "KT. BỘ TRƯỞNG, CHỦ NHIỆM Phó Chủ nhiệm",
                'KHAN', dt.date(2026, 12, 10), 1,
                "Các Bộ, cơ quan ngang Bộ, Ủy ban nhân dân các tỉnh, thành "
                "phố trực thuộc Trung ương",
                '7816-VPCP-TTDT.pdf', pdf, 'unsigned'))
        self.assertTrue(pdf.startswith(b'%PDF-1.4'))
        # The issuer, not yet known, is added as an agency outside.
        self.assertEqual(result['issuer'],
            ('000.00.00.G22', "Văn phòng Chính phủ", 'external'))
        self.assertEqual(os.listdir(inbox), [])
        # "Arrived" goes back, in the same structure.
        kind, code, state, recipient, data = result['answer']
        self.assertEqual((kind, code, state, recipient),
            ('status', '01', 'waiting', '000.00.00.G22'))
        status = edxml.parse(data, 10 ** 6)
        self.assertEqual((status.response_for, status.recipient.id,
                status.sender.id, status.status),
            ('000.00.00.G22,2026/11/20,7816/VPCP-TTĐT', '000.00.00.G22',
                province, '01'))
        self.assertTrue(data.startswith(b'<?xml version="1.0" '
                b'encoding="utf-8"?>\n<edXML '))

    def test_exchange_never_stops(self):
        """2,000 packages through the examination every received package
        goes through, most of them hostile: 1,700 read and verified only,
        100 imported one by one, 200 by the cron from the folder.  None
        escapes, none writes a document, every valid one after a bad one
        is imported."""
        sender = sample().sender
        pdf = on_server(DB_NAME, signed_pdf)

        def package(number, main=pdf, **values):
            "A valid package of its own (a duplicate is skipped unread)"
            return edxml.build(sample(code_number=str(number),
                    attachments=[edxml.Attachment('cv.pdf', main)],
                    **values))
        seed = sample(code_number='60',
            attachments=[edxml.Attachment('cv.pdf', pdf)])
        status = edxml.build(edxml.StatusPackage(sender=sender,
                recipient=edxml.Organ(VP), status='01',
                response_for=VP + ',2026/11/01,01/UBND-VP',
                timestamp=dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc)))

        def hostile(xml, pdfs, start):
            "(class, bytes) of mutated packages, each its own document"
            for number, (kind, _, data) in enumerate(
                    labelled_mutations(edxml.build(seed), xml), start):
                yield kind, data.replace(seed.id.encode(),
                    b'fuzz-%d' % number).replace(
                    b'>60</edXML:CodeNumber>',
                    b'>%d</edXML:CodeNumber>' % number).replace(
                    b',60/CV-BNV<', b',%d/CV-BNV<' % number)
            for number, (kind, main) in enumerate(
                    pdf_mutations(pdf, pdfs), start + xml):
                yield kind, package(number, main)

        def specials():
            # dated 0001/01/01, as a status and as a document
            yield 'dates', status
            yield 'dates', package(5000).replace(b'>2026/11/20<',
                b'>0001/01/01<', 1)
            for encoding in [b'x-unknown', b'utf-7', b'ebcdic-cp-us']:
                yield 'encoding', package(5001).replace(
                    b'encoding="utf-8"', b'encoding="%s"' % encoding, 1)
            # beyond the channel's limit (1 MB here): refused unread
            yield 'huge', package(5002, pdf + b'%' * 1100000)
            yield 'huge', b'<' * (1024 * 1024 + 1)

        def examine(pool):
            Package = pool.get('qlvb.edxml.package')
            outcomes, crashes, verdicts = {}, [], {}
            for kind, data in list(hostile(1300, 393, 2000)) + list(
                    specials()):
                try:
                    package, verification, refusal = Package.examine(
                        data, 1024 * 1024)
                except Exception as error:  # what must never happen
                    crashes.append((kind, repr(error)))
                    continue
                outcome = 'refused' if refusal else 'accepted'
                outcomes.setdefault(kind, {}).setdefault(outcome, 0)
                outcomes[kind][outcome] += 1
                if refusal:
                    assert refusal[0] and verification is None, refusal
                elif verification:
                    verdicts.setdefault(kind, set()).add(
                        verification['signature_state'])
            return outcomes, crashes, verdicts
        outcomes, crashes, verdicts = on_server(DB_NAME, examine)
        self.assertEqual(crashes, [])
        self.assertEqual(sum(sum(o.values()) for o in outcomes.values()),
            1700)
        for kind in ['entities', 'truncated', 'tampered', 'dates',
                'encoding', 'huge', 'pdf_garbage']:
            self.assertEqual(set(outcomes[kind]), {'refused'}, kind)
        self.assertEqual(set(outcomes['pdf_text']), {'accepted'})
        # A file altered after signing is never taken for a valid one (a
        # byte flipped may fall where it changes nothing signed).
        for kind in ['pdf_cut', 'pdf_byte_range', 'pdf_zeroed', 'pdf_text',
                'pdf_signature']:
            self.assertNotIn('valid', verdicts.get(kind, set()), kind)
        self.assertEqual(verdicts['pdf_text'], {'tampered'})

        # 100 imported one by one, a valid one after each hostile one.
        def import_(pool):
            Package = pool.get('qlvb.edxml.package')
            Incoming = pool.get('qlvb.incoming')
            Attachment = pool.get('ir.attachment')
            Agency = pool.get('qlvb.agency')
            company = pool.get('company.company')(self.vp.id)

            def counts():
                return (Incoming.search_count([]),
                    Attachment.search_count([]), Agency.search_count([]))
            before, known = counts(), {a.id for a in Agency.search([])}
            outcomes, crashes, imported = {}, [], []
            for number, (kind, data) in enumerate(hostile(35, 15, 6000)):
                for kind, data in [(kind, data),
                        ('valid', package(7000 + number))]:
                    try:
                        row = Package.import_package(company, data)
                    except Exception as error:  # what must never happen
                        crashes.append((kind, repr(error)))
                        continue
                    outcome = row.state if row else 'duplicate'
                    outcomes.setdefault(kind, {}).setdefault(outcome, 0)
                    outcomes[kind][outcome] += 1
                    if row and row.state == 'refused':
                        assert row.incoming is None and row.error, row
                    elif row:
                        imported.append(row)
            after = counts()
            return (outcomes, crashes, after[0] - before[0],
                len({r.incoming.id for r in imported}),
                after[1] - before[1], Attachment.search_count([
                        ('resource', 'in',
                            [str(r.incoming) for r in imported])]),
                after[2] - before[2],
                len({r.agency.id for r in imported} - known))
        (outcomes, crashes, incomings, imported, files, imported_files,
            agencies, new_agencies) = on_server(DB_NAME, import_)
        self.assertEqual(crashes, [])
        self.assertEqual(sum(sum(o.values()) for o in outcomes.values()),
            100)
        self.assertEqual(outcomes['valid'], {'imported': 50})
        # No partial writes: a document and files for each imported
        # package alone, no agency added by a refused one.
        self.assertEqual(incomings, imported)
        self.assertEqual(files, imported_files)
        self.assertEqual(agencies, new_agencies)

        # 200 by the cron from the folder, a bad one before each valid
        # one: the run goes through them all.
        inbox = os.path.join(self.exchange, VP, 'inbox')
        os.makedirs(inbox, exist_ok=True)
        bad = [
            lambda n: package(n)[:3000],  # cut: not XML
            lambda n: status,  # dated 0001/01/01
            lambda n: package(n).replace(b'"utf-8"', b'"x-unknown"', 1),
            lambda n: package(n, pdf[:len(pdf) // 2]),  # the PDF cut
            lambda n: package(n, b'%PDF-1.7\n' + bytes(range(256))),
            ]
        start = os.stat(self.exchange).st_mtime_ns
        # First of all, a file whose name is not UTF-8.
        path = os.fsencode(inbox) + b'/\xff\xfe.edxml'
        with open(path, 'wb') as file:
            file.write(package(29999))
        os.utime(path, ns=(start - 1, start - 1))
        for number in range(100):
            for suffix, data in [('a', bad[number % 5](30000 + number)),
                    ('b', package(20000 + number))]:
                path = os.path.join(inbox, f'{number:03d}{suffix}.edxml')
                with open(path, 'wb') as file:
                    file.write(data)
                # In this order: each bad one first.
                when = start + number * 1000 + (suffix == 'b')
                os.utime(path, ns=(when, when))

        def cron(pool):
            Package = pool.get('qlvb.edxml.package')
            Package.run_exchange()
            rows = Package.search([('direction', '=', 'in'),
                    ('filename', 'like', '__%.edxml')])
            answers = Package.search([('direction', '=', 'out'),
                    ('status_code', '=', '02'),
                    ('document_id', 'like', '%,300__/CV-BNV')])
            return ({r.filename: (r.state, r.reference, r.incoming
                        and r.incoming.signature_state) for r in rows},
                {a.document_id: (a.agency.identifier, a.description)
                    for a in answers},
                {r.document_id: r.error for r in rows})
        rows, answers, errors = on_server(DB_NAME, cron)
        self.assertEqual(os.listdir(inbox), [])
        self.assertEqual(rows['\ufffd\ufffd.edxml'],
            ('imported', '29999/CV-BNV', 'valid'))
        for number in range(100):
            self.assertEqual(rows[f'{number:03d}b.edxml'],
                ('imported', f'{20000 + number}/CV-BNV', 'valid'))
            self.assertEqual(rows[f'{number:03d}a.edxml'][0], 'refused')
        # The sender of a refused document is told why, with status 02.
        for number in range(3, 100, 5):  # the cut PDFs
            document_id = f'{BNV},2026/11/20,{30000 + number}/CV-BNV'
            self.assertEqual(answers[document_id],
                (BNV, errors[document_id]))
        shutil.rmtree(os.path.join(self.exchange, BNV), ignore_errors=True)

    def test_update_verifies_the_new_file(self):
        "An update with a tampered file does not keep the former verdict"
        def run(pool):
            Package = pool.get('qlvb.edxml.package')
            company = pool.get('company.company')(self.vp.id)
            pdf = signed_pdf(pool, "Cong van 70")
            tampered = pdf.replace(b'(Cong van', b'(Cong vat', 1)
            new = Package.import_package(company, edxml.build(sample(
                        code_number='70',
                        attachments=[edxml.Attachment('cv.pdf', pdf)])))
            verdicts = [new.incoming.signature_state]
            update = Package.import_package(company, edxml.build(sample(
                        code_number='70', business_type='2',
                        business_reason="Bổ sung",
                        attachments=[edxml.Attachment('cv.pdf', tampered)])))
            incoming = pool.get('qlvb.incoming')(new.incoming.id)
            verdicts.append(incoming.signature_state)
            return (update.state, update.incoming.id == incoming.id,
                bytes(incoming.main_file) == tampered, verdicts)
        self.assertEqual(on_server(DB_NAME, run),
            ('imported', True, True, ['valid', 'tampered']))

    def test_unexpected_error_refuses_the_package(self):
        "A package that crashes the import is refused, answered, passed"
        def run(pool):
            Package = pool.get('qlvb.edxml.package')
            Incoming = pool.get('qlvb.incoming')
            company = pool.get('company.company')(self.vp.id)
            before = Incoming.search_count([])
            # Any defect while writing the document, ours or a library's.
            with mock.patch.object(Package, '_new_incoming',
                    side_effect=ZeroDivisionError):
                refused = Package.import_package(company,
                    edxml.build(sample(code_number='80')), name='80.edxml')
            after = Package.import_package(company,
                edxml.build(sample(code_number='81')))
            answer, = Package.search([('direction', '=', 'out'),
                    ('status_code', '=', '02'),
                    ('document_id', '=', refused.document_id)])
            return ((refused.state, refused.incoming, refused.error,
                    refused.agency.identifier),
                (answer.agency.identifier, answer.description,
                    answer.state, edxml.parse(bytes(answer.data),
                        10 ** 6).status),
                after.state, Incoming.search_count([]) - before)
        with Transaction().start(DB_NAME, 0):
            message = gettext('qlvb_edxml.msg_edxml_unexpected',
                error='ZeroDivisionError')
        self.assertEqual(on_server(DB_NAME, run), (
                ('refused', None, message, BNV),
                (BNV, message, 'waiting', '02'),
                'imported', 1))

        # Even if the refusal cannot be stored, the cron sets the package
        # aside and goes on with the next one.
        inbox = os.path.join(self.exchange, VP, 'inbox')
        os.makedirs(inbox, exist_ok=True)
        for number, data in enumerate([b'<not xml', edxml.build(
                        sample(code_number='82'))]):
            path = os.path.join(inbox, f'unstored-{number}.edxml')
            with open(path, 'wb') as file:
                file.write(data)
            os.utime(path, ns=(number, number))

        def cron(pool):
            Package = pool.get('qlvb.edxml.package')
            with mock.patch.object(Package, '_refuse',
                    side_effect=ZeroDivisionError):
                Package.run_exchange()
            return [(p.filename, p.state, p.reference) for p in
                Package.search([('filename', 'like', 'unstored-%')])]
        self.assertEqual(on_server(DB_NAME, cron),
            [('unstored-1.edxml', 'imported', '82/CV-BNV')])
        self.assertEqual(os.listdir(inbox), [])
