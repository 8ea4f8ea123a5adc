"""Demo certificates so the demo can sign (qlvb_signature)."""
from proteus import Model
from proteus import config as pconfig

from .organisation import USERS
from qlvb_demo.pki import (
    PASSPHRASE, certificate_authority, seal_png, signature_png)


def setup_signing(config=None):
    """Demo certificates so the demo can sign: a demo root CA (trusted),
    one certificate for each leader and one with a seal for each agency.
    The passphrase given here only checks each file on upload: it is not
    stored, the signers type it at each signing act. Real deployments
    upload the certificates of their provider."""
    if config is None:
        config = pconfig.get_config()
    Certificate = Model.get('qlvb.signing.certificate', config=config)
    Root = Model.get('qlvb.signing.root', config=config)
    User = Model.get('res.user', config=config)
    Agency = Model.get('qlvb.agency', config=config)
    ca_pem, issue = certificate_authority("CA thử nghiệm (demo)")
    Root(name="CA thử nghiệm (demo)", certificate=ca_pem).save()
    leaders = {login for login, *_, groups in USERS
        if 'agency_leader' in groups}
    certificates = [Certificate(kind='personal', user=user,
            pkcs12=issue(user.name), passphrase=PASSPHRASE,
            image=signature_png())
        for user in User.find([('login', 'in', list(leaders))])]
    certificates += [Certificate(kind='organisation', company=agency.company,
            pkcs12=issue(agency.name), passphrase=PASSPHRASE,
            image=seal_png())
        for agency in Agency.find([('internal', '=', True)])]
    Certificate.save(certificates)
