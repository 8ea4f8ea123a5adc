"""Registers of outgoing documents (sổ văn bản đi): each is a numbering
series per calendar year (Decree 30/2020 Art. 15): the general register,
and separate ones an administrator adds for secret documents, for a type of
legal normative document, or for an advisory body issuing in its own name."""
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool

from trytond.modules.qlvb.export_access import ExportAccessMixin
from trytond.modules.qlvb.numbering import RegisterMixin


class OutgoingRegister(
        ExportAccessMixin, RegisterMixin, ModelSQL, ModelView):
    __name__ = 'qlvb.outgoing.register'
    __string__ = "Outgoing Register"

    secret = fields.Boolean(
        "Secret Documents",
        help="Series of the documents with a confidentiality level.")
    document_types = fields.Many2Many(
        'qlvb.outgoing.register-qlvb.document.type', 'register',
        'document_type', "Document Types",
        help="Types numbered in this series; empty for all other types.")
    issuer = fields.Many2One('qlvb.agency', "Issuing Agency",
        ondelete='RESTRICT', domain=[('internal', '=', True)],
        help="The agency in whose name the documents of this register are "
        "issued (e.g. the Provincial People's Committee for the register "
        "its Office keeps); empty for the agency of the company.")
    abbreviation = fields.Char(
        "Issuer Abbreviation",
        help="For an advisory body issuing in its own name (e.g. TKT); "
        "empty to use the agency's abbreviation.")

    @property
    def authority(self):
        """The agency in whose name this register numbers: its issuer, or
        the agency of its company"""
        Agency = Pool().get('qlvb.agency')
        return self.issuer or Agency.for_company(self.company.id)

    @classmethod
    def candidates(cls, outgoing):
        """The registers of the document's issuing authority and secrecy,
        in the order they are proposed: the series of its type, then the
        general ones; among them those issuing under the authority's own
        abbreviation before an advisory body's (e.g. TKT)"""
        authority = outgoing.issuing_agency
        registers = [r for r in cls.search([
                    ('company', '=', outgoing.company.id),
                    ('secret', '=', outgoing.is_secret),
                    ])
            if r.authority == authority]
        typed = [r for r in registers
            if outgoing.document_type in r.document_types]
        general = [r for r in registers if not r.document_types]

        def own(register):
            return register.abbreviation in {
                None, '', authority and authority.abbreviation}
        return sorted(typed or general, key=lambda r: not own(r))

    @classmethod
    def find_for(cls, outgoing):
        "The register proposed to number the document (None when none)"
        return (cls.candidates(outgoing) or [None])[0]


class OutgoingRegisterType(ModelSQL):
    __name__ = 'qlvb.outgoing.register-qlvb.document.type'
    __string__ = "Outgoing Register - Document Type"

    register = fields.Many2One(
        'qlvb.outgoing.register', "Register", required=True,
        ondelete='CASCADE')
    document_type = fields.Many2One(
        'qlvb.document.type', "Document Type", required=True,
        ondelete='CASCADE')
