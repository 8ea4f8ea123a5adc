"""Organisation data is read by everyone and changed only by administrators,
checked through RPC as the real users."""
import pytest
from proteus import Model

from .rpc import ModelName, refused

pytestmark = pytest.mark.postgresql


def connect(server, login):
    return server.proteus(login)


def test_specialist_reads_but_cannot_change_agencies(live_server):
    config = connect(live_server, 'chuyenvien')
    Agency = Model.get('qlvb.agency', config=config)
    snv, = Agency.find([('abbreviation', '=', 'SNV')])
    assert snv.identifier == '000.00.02.H10'
    assert snv.company is not None
    assert len(Agency.find([('level', '=', 'district')])) == 10
    snv.name = "Renamed"
    # Refused with the translated message of the access check.
    with refused(live_server, config, 'ir.msg_access_rule_error',
            model=ModelName('qlvb.agency')):
        snv.save()
    with refused(live_server, config, 'ir.msg_access_rule_error',
            model=ModelName('qlvb.agency')):
        Agency(name="X", abbreviation='X', level='external').save()
    # Unchanged.
    assert Agency(snv.id).name != "Renamed"
    assert Agency.find([('abbreviation', '=', 'X')]) == []


def test_administrator_adds_a_calendar_day(live_server):
    import datetime as dt
    config = connect(live_server, 'admin')
    CalendarDay = Model.get('qlvb.calendar.day', config=config)
    day = CalendarDay(date=dt.date(2027, 1, 2), kind='working_day',
        name="Làm bù")
    day.save()
    assert day.year == 2027
    specialist = connect(live_server, 'chuyenvien')
    CalendarDay = Model.get('qlvb.calendar.day', config=specialist)
    assert [d.name for d in CalendarDay.find([('year', '=', 2027),
                ('date', '<', dt.date(2027, 2, 1))])] == ["Làm bù"]
    with refused(live_server, specialist, 'ir.msg_access_rule_error',
            model=ModelName('qlvb.calendar.day')):
        CalendarDay(date=dt.date(2027, 1, 9), kind='day_off',
            name="x").save()
