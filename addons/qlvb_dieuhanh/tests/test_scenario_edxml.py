"""edXML exchange between two databases through the folder-drop channel:
the Office of the Binh Thuan People's Committee (the demo) and the Ministry
of Home Affairs (Bộ Nội vụ, a second database of the same product).  Plus
the import as the server does it: recall, update and replacement applied,
duplicates ignored, 1,000 mutated packages refused without a trace."""
import base64
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from decimal import Decimal

from proteus import Model, Wizard
from proteus import config as pconfig
from trytond.config import config as tconfig
from trytond.modules.qlvb_edxml import edxml
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, create_db, drop_db
from trytond.transaction import Transaction

from qlvb_demo import setup_demo_signing
from qlvb_demo.pki import PASSPHRASE, blank_pdf, certificate_authority, seal_png
from .test_edxml import labelled_mutations, sample
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


def activate_peer(folder):
    """The Ministry's own database: one agency in the system, its clerk
    and leader (admin here), certificates of its own CA"""
    drop_db(PEER)
    create_db(PEER)
    config = use(pconfig.set_trytond(database=PEER))
    Module = Model.get('ir.module')
    Module.click(Module.find([('name', '=', 'qlvb_dieuhanh')]), 'activate')
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
