"""The agency's archive clerk (qlvb_archive): the Office's clerk also keeps
its archive, as in most agencies."""
from proteus import Model
from proteus import config as pconfig

ARCHIVISTS = ['vanthu']


def setup_archive(config=None):
    if config is None:
        config = pconfig.get_config()
    Group = Model.get('res.group', config=config)
    ModelData = Model.get('ir.model.data', config=config)
    User = Model.get('res.user', config=config)
    group_id = ModelData.get_id(
        'qlvb_archive', 'group_archivist', config.context)
    for user in User.find([('login', 'in', ARCHIVISTS)]):
        user.groups.append(Group(group_id))
        user.save()
