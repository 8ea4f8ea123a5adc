"""Registers of the demo agencies (qlvb_incoming, qlvb_outgoing)."""
from proteus import Model
from proteus import config as pconfig

from .organisation import AGENCIES


def _agencies(config):
    Agency = Model.get('qlvb.agency', config=config)
    by_identifier = {a.identifier: a for a in Agency.find([])}
    return {key: by_identifier[identifier]
        for key, _, _, identifier, *_ in AGENCIES}


def _companies(config):
    return [a.company for a in _agencies(config).values() if a.company]


def setup_incoming_registers(config=None):
    "A general register per agency, the Office's secret register"
    if config is None:
        config = pconfig.get_config()
    Register = Model.get('qlvb.incoming.register', config=config)
    User = Model.get('res.user', config=config)
    agencies = _agencies(config)
    Register.save([Register(name="Sổ văn bản đến", company=c)
            for c in _companies(config)])
    secret = Register(name="Sổ văn bản đến mật",
        company=agencies['vp'].company, secret=True)
    secret.clerks.extend(User.find([('login', '=', 'vanthu')]))
    secret.save()


def setup_outgoing_registers(config=None):
    "A register per agency; the Office keeps the province's registers"
    if config is None:
        config = pconfig.get_config()
    OutgoingRegister = Model.get('qlvb.outgoing.register', config=config)
    agencies = _agencies(config)
    companies = _companies(config)
    # The Office keeps the province's registers: documents of the UBND
    # tỉnh are numbered in its own series, with the UBND abbreviation.
    office = agencies['vp'].company
    OutgoingRegister.save([
            OutgoingRegister(name="Sổ văn bản đi", company=c)
            for c in companies if c != office] + [
            OutgoingRegister(name="Sổ văn bản đi của UBND tỉnh",
                company=office, abbreviation='UBND',
                issuer=agencies['ubnd']),
            OutgoingRegister(name="Sổ văn bản đi của Văn phòng",
                company=office, abbreviation='VP'),
            OutgoingRegister(name="Sổ văn bản đi mật", company=office,
                abbreviation='UBND', secret=True, issuer=agencies['ubnd']),
            # The province's inspection team, an advisory body of the
            # UBND tỉnh issuing in its own name.
            OutgoingRegister(name="Sổ văn bản đi của Tổ Kiểm tra công vụ",
                company=office, abbreviation='TKT', issuer=agencies['ubnd']),
            ])
