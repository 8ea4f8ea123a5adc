"""The statistics wizard shows, next to the period preset, the first and
last day of the period (Decree 09/2019: a month from the 15th of the
month before to the 14th), updated when the preset changes. Through
JSON-RPC as the office chief, the way the web client asks."""
import pytest

from .rpc import Client

pytestmark = pytest.mark.postgresql
START = 'qlvb.statistics.start'


def changed(client, values, field):
    "The values the client shows after the user changed field"
    values = dict(values)
    values.update(client.model(START, 'on_change', values, [field]))
    values.update(client.model(START, 'on_change_with', values,
            ['period_range']))
    return values


def test_period_dates_next_to_the_preset(live_server):
    chief = Client(live_server, 'chanhvp')
    view = chief.model(START, 'fields_view_get', None, 'form')
    arch = view['arch']
    # The dates are beside the preset, before the year and the month.
    assert arch.index('name="preset"') < arch.index('name="period_range"') \
        < arch.index('name="year"')
    assert view['fields']['period_range']['string'] == "Từ ngày - đến ngày"

    values = {'report': 'incoming', 'preset': 'month', 'year': 2026,
        'month': 12, 'quarter': None, 'date_from': None, 'date_to': None}
    values = changed(chief, values, 'month')
    assert values['period_range'] == '15/11/2026 - 14/12/2026'

    # January's period starts in the previous year.
    values = changed(chief, dict(values, month=1), 'month')
    assert values['period_range'] == '15/12/2025 - 14/01/2026'

    # Another preset: the dates follow at once.
    values = changed(chief, dict(values, preset='quarter'), 'preset')
    assert values['quarter'] in {1, 2, 3, 4}
    assert values['period_range'] != '15/12/2025 - 14/01/2026'
    values = changed(chief, dict(values, quarter=1), 'quarter')
    assert values['period_range'] == '15/12/2025 - 14/03/2026'

    values = changed(chief, dict(values, preset='half_year'), 'preset')
    assert values['period_range'] == '15/12/2025 - 14/06/2026'

    # A custom period shows the dates typed.
    values = changed(chief, dict(values, preset='custom'), 'preset')
    assert values['period_range'] == '15/12/2025 - 14/06/2026'


def test_wizard_opens_with_the_dates(live_server):
    chief = Client(live_server, 'chanhvp')
    wizard = 'wizard.qlvb.statistics'
    session, state, _ = chief._post(f'{wizard}.create', [chief.context])
    try:
        result = chief._post(f'{wizard}.execute', [session, {}, state,
                chief.context])
        defaults = result['view']['defaults']
        assert defaults['period_range'].count('/') == 4
        assert defaults['period_range'].startswith('15/')
    finally:
        chief._post(f'{wizard}.delete', [session, chief.context])
