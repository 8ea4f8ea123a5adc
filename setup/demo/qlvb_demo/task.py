"""Task follow-up group and deadline categories (qlvb_task)."""
from proteus import Model
from proteus import config as pconfig


# Officials of the Office who follow the tasks assigned by the province.
TASK_OFFICE = ['chanhvp', 'phochanhvp', 'truongphong', 'chuyenvien']
# (nature, sensitivity, complexity, working days)
TASK_CATEGORIES = [
    ("Báo cáo định kỳ", 'normal', 'simple', 5),
    ("Tham mưu, đề xuất", 'normal', 'normal', 15),
    ("Xây dựng đề án, quy định", 'normal', 'complex', 60),
    ("Xây dựng đề án, quy định", 'sensitive', 'complex', 90),
    ("Kiện toàn tổ chức bộ máy", 'sensitive', 'complex', 60),
    ]


def setup_tasks(config=None):
    "The Office's task follow-up group and the deadline categories"
    if config is None:
        config = pconfig.get_config()
    Group = Model.get('res.group', config=config)
    ModelData = Model.get('ir.model.data', config=config)
    User = Model.get('res.user', config=config)
    Category = Model.get('qlvb.task.category', config=config)
    group_id = ModelData.get_id(
        'qlvb_task', 'group_task_office', config.context)
    for user in User.find([('login', 'in', TASK_OFFICE)]):
        user.groups.append(Group(group_id))
        user.save()
    Category.save([Category(name=name, sensitivity=sensitivity,
                complexity=complexity, days=days)
            for name, sensitivity, complexity, days in TASK_CATEGORIES])
