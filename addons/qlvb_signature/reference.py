"""Document types whose electronic documents carry two signatures (Decree
30, Art. 13 and Appendix I): the signer's and the organisation's."""
from trytond.model import fields
from trytond.pool import PoolMeta


class DocumentType(metaclass=PoolMeta):
    __name__ = 'qlvb.document.type'

    organisation_signature = fields.Boolean(
        "Organisation's Signature Required",
        help="An electronic document of this type signed only by its signer "
        "is reported as missing the organisation's signature.")
