"""Recall, update and replacement of issued documents (Decree 30, Art. 21):
the user gives the reason; the rule itself lives in the outgoing document."""
from trytond.pool import Pool
from trytond.wizard import Button, StateAction, StateTransition, StateView, \
    Wizard


class _ChangeWizard(Wizard):
    start = StateView('qlvb.incoming.reason.start',
        'qlvb_incoming.incoming_reason_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("OK", 'apply', 'tryton-ok', default=True),
            ])


class Recall(_ChangeWizard):
    "Recall an issued document"
    __name__ = 'qlvb.outgoing.recall'
    apply = StateTransition()

    def transition_apply(self):
        Outgoing = Pool().get('qlvb.outgoing')
        Outgoing.recall(list(self.records), self.start.reason)
        return 'end'


class Update(_ChangeWizard):
    "Send an issued document's update to its recipients"
    __name__ = 'qlvb.outgoing.update'
    apply = StateTransition()

    def transition_apply(self):
        Outgoing = Pool().get('qlvb.outgoing')
        Outgoing.update_recipients(list(self.records), self.start.reason)
        return 'end'


class Replace(_ChangeWizard):
    "Draft a document replacing an issued one"
    __name__ = 'qlvb.outgoing.replace'
    apply = StateAction('qlvb_outgoing.act_outgoing_form')

    def do_apply(self, action):
        Outgoing = Pool().get('qlvb.outgoing')
        drafts = Outgoing.draft_replacement(
            list(self.records), self.start.reason)
        action['views'].reverse()  # open the new draft in its form
        return action, {'res_id': [d.id for d in drafts]}
