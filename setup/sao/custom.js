/* The product's changes to the sao web client, loaded by its index.html
 * (sao's own hook for a site's custom.js); installed by setup/lib.sh. */
(function() {
    'use strict';
    // The application's title is the product's name, not "Tryton".
    Sao.config.title = 'Quản lý văn bản và điều hành';

    // Vietnamese is the product's language: the login page and the
    // client's own dialogs are Vietnamese whatever the browser's language
    // (office PCs often run an English browser). After login the user's
    // preferred language still applies (get_preferences passes it).
    var setlang = Sao.i18n.setlang;
    Sao.i18n.setlang = function(lang) {
        return setlang.call(this, lang || 'vi');
    };

    // Delete in the tab's toolbar, not only in its menu: clerks did not
    // find how to delete a draft entered by mistake. sao enables it only
    // for records the user may delete (the server still decides).
    var menu_def = Sao.Tab.prototype.menu_def;
    Sao.Tab.prototype.menu_def = function() {
        return menu_def.call(this).map(function(item) {
            if (item && (item.id === 'delete_') && !item.tooltip) {
                item = jQuery.extend({}, item, {'tooltip': item.label});
            }
            return item;
        });
    };

    // sao 8.0 gives the preferences dialog an untranslated title.
    var add_title = Sao.Dialog.prototype.add_title;
    Sao.Dialog.prototype.add_title = function(title, small) {
        if (title === 'Preferences') {
            title = Sao.i18n.gettext('Preferences');
        }
        return add_title.call(this, title, small);
    };

    // A queue opens on the first tab that has work: sao always opens the
    // first tab, so a head landed on "Mine 0" while "My Department" held
    // one. Once the counters of a screen's first search are all known (the
    // tabs declared with `count`), and only if the user has not chosen a
    // tab, the first tab counting more than 0 is shown when the current one
    // counts 0.
    var set_tab_counter = Sao.ScreenContainer.prototype.set_tab_counter;
    Sao.ScreenContainer.prototype.set_tab_counter = function(count, idx) {
        set_tab_counter.call(this, count, idx);
        if (this._qlvb_tab_chosen || !this.tab || (count === null) ||
                (idx === null) || (idx === undefined)) {
            return;
        }
        var counts = this._qlvb_counts = this._qlvb_counts || {};
        counts[idx] = count;
        var counted = [];
        this.tab_domain.forEach(function(tab_domain, i) {
            if (tab_domain[2]) {
                counted.push(i);
            }
        });
        if (!counted.every(function(i) { return i in counts; })) {
            return;
        }
        this._qlvb_tab_chosen = true;
        var current = this.get_tab_index();
        // sao opened the first tab; another one was chosen by the user.
        if ((current !== 0) || !(current in counts) || counts[current] > 0) {
            return;
        }
        var first = counted.find(function(i) { return counts[i] > 0; });
        if (first !== undefined) {
            this.tab.find('li a').eq(first).click();
        }
    };
    // The sum row of a list (the dashboards' totals): sao writes the sum of
    // the selected rows above the total, so with nothing selected a column
    // showed "0" over its total. The total alone, on one line; "selected /
    // total" while rows are selected.
    var update_with_selection = Sao.View.Tree.prototype.update_with_selection;
    Sao.View.Tree.prototype.update_with_selection = function() {
        update_with_selection.apply(this, arguments);
        var selected = this.selected_records.length;
        this.sum_widgets.forEach(function(widgets) {
            var label = widgets[0], value = widgets[1];
            var parts = value.text().split('\n');
            if (parts.length != 2) {
                return;
            }
            value.text(selected ? parts[0] + ' / ' + parts[1] : parts[1]);
            value.parent().attr('title', label.text() + ': ' + (selected ?
                    Sao.i18n.gettext('%1 in the selected rows, %2 in all',
                        parts[0], parts[1]) : parts[1]));
        });
    };

    // The calendar of date fields: the browser's own (input type=date)
    // labels its buttons "Clear" and "Today" in the browser's language,
    // English on many office PCs, and no page can translate them. The
    // client's own calendar opens instead, in the user's language; picking
    // a day goes through sao's handlers as the browser's calendar did.
    var picker = {
        el: null,
        input: null,
        month: null,
        style: function() {
            if (jQuery('#qlvb-datepicker-style').length) {
                return;
            }
            jQuery('<style/>', {'id': 'qlvb-datepicker-style'}).text(
                '.qlvb-datepicker {position: fixed; z-index: 3000; ' +
                'background: #fff; border: 1px solid #ccc; ' +
                'border-radius: 4px; padding: 6px; ' +
                'box-shadow: 0 6px 12px rgba(0, 0, 0, .175);}' +
                '.qlvb-datepicker table {margin: 4px 0;}' +
                '.qlvb-datepicker td, .qlvb-datepicker th {' +
                'text-align: center; padding: 1px;}' +
                '.qlvb-datepicker td .btn {width: 2.6em;}' +
                '.qlvb-datepicker .qlvb-other-month {opacity: .5;}' +
                '.qlvb-datepicker-header {display: flex; ' +
                'justify-content: space-between; align-items: center;}' +
                '.qlvb-datepicker-footer {display: flex; ' +
                'justify-content: space-between;}').appendTo('head');
        },
        open: function(input) {
            this.close();
            this.style();
            this.input = input;
            var value = (input.value || '').split('T')[0];
            this.selected = value ? moment(value, 'YYYY-MM-DD') : null;
            this.month = (this.selected || moment()).clone()
                .startOf('month');
            this.el = jQuery('<div/>', {
                'class': 'qlvb-datepicker',
                'role': 'dialog',
            }).appendTo('body');
            this.draw();
            var anchor = jQuery(input).closest('.input-group');
            if (!anchor.length) {
                anchor = jQuery(input).parent();
            }
            var rect = anchor[0].getBoundingClientRect();
            var width = this.el.outerWidth(), height = this.el.outerHeight();
            var top = rect.bottom + 2;
            if ((top + height > window.innerHeight) &&
                    (rect.top - height - 2 > 0)) {
                top = rect.top - height - 2;
            }
            this.el.css({
                'top': top,
                'left': Math.max(4, Math.min(rect.right - width,
                        window.innerWidth - width - 4)),
            });
        },
        close: function() {
            if (this.el) {
                this.el.remove();
            }
            this.el = this.input = null;
        },
        button: function(text, title, action) {
            return jQuery('<button/>', {
                'type': 'button',
                'class': 'btn btn-default btn-sm',
                'title': title || text,
            }).text(text).click(function(event) {
                event.preventDefault();
                event.stopPropagation();
                action();
            });
        },
        draw: function() {
            var self = this;
            var el = this.el.empty();
            var month = this.month;
            var title = month.format('MMMM YYYY');
            jQuery('<div/>', {'class': 'qlvb-datepicker-header'}).append(
                this.button('‹', Sao.i18n.gettext('Previous'), function() {
                    self.month = month.clone().subtract(1, 'month');
                    self.draw();
                }),
                jQuery('<strong/>', {'class': 'qlvb-datepicker-title'}).text(
                    title.charAt(0).toUpperCase() + title.slice(1)),
                this.button('›', Sao.i18n.gettext('Next'), function() {
                    self.month = month.clone().add(1, 'month');
                    self.draw();
                })).appendTo(el);
            var table = jQuery('<table/>').appendTo(el);
            var head = jQuery('<tr/>').appendTo(jQuery('<thead/>')
                .appendTo(table));
            moment.weekdaysMin(true).forEach(function(day) {
                jQuery('<th/>').text(day).appendTo(head);
            });
            var body = jQuery('<tbody/>').appendTo(table);
            var day = month.clone().startOf('week');
            var today = moment().format('YYYY-MM-DD');
            var chosen = this.selected && this.selected.format('YYYY-MM-DD');
            for (var week = 0; week < 6; week++) {
                var row = jQuery('<tr/>').appendTo(body);
                for (var i = 0; i < 7; i++) {
                    var date = day.clone();
                    var key = date.format('YYYY-MM-DD');
                    var button = this.button(date.format('D'),
                        date.format('L'), this.pick.bind(this, date));
                    button.attr('data-date', key);
                    if (key == chosen) {
                        button.removeClass('btn-default')
                            .addClass('btn-primary');
                    } else if (key == today) {
                        button.removeClass('btn-default')
                            .addClass('btn-info');
                    }
                    if (date.month() != month.month()) {
                        button.addClass('qlvb-other-month');
                    }
                    jQuery('<td/>').append(button).appendTo(row);
                    day.add(1, 'day');
                }
            }
            jQuery('<div/>', {'class': 'qlvb-datepicker-footer'}).append(
                this.button(Sao.i18n.gettext('Clear the date'), null,
                    this.clear.bind(this))
                    .addClass('qlvb-datepicker-clear'),
                this.button(Sao.i18n.gettext('Today'), null,
                    this.pick.bind(this, moment()))
                    .addClass('qlvb-datepicker-today')).appendTo(el);
        },
        pick: function(date) {
            var input = this.input;
            var value = date.format('YYYY-MM-DD');
            if (input.type == 'datetime-local') {
                value += 'T' + ((input.value || '').split('T')[1] ||
                    '00:00:00');
            }
            this.close();
            jQuery(input).val(value).trigger('change');
        },
        clear: function() {
            var input = this.input;
            this.close();
            var group = jQuery(input).closest('.input-group');
            if (!group.length) {
                group = jQuery(input).parent().parent();
            }
            group.find('input[type=text]').first().val('').trigger('change');
        },
    };
    document.addEventListener('click', function(event) {
        var input = event.target;
        if ((input.tagName == 'INPUT') &&
                ((input.type == 'date') || (input.type == 'datetime-local'))) {
            // No browser calendar; sao's click handler still runs first
            // (it puts the field's value in the input).
            event.preventDefault();
            setTimeout(function() {
                picker.open(input);
            }, 0);
        }
    }, true);
    document.addEventListener('mousedown', function(event) {
        if (picker.el && !jQuery(event.target).closest(picker.el).length) {
            picker.close();
        }
    }, true);
    document.addEventListener('keydown', function(event) {
        if (picker.el && (event.key == 'Escape')) {
            // Only the calendar closes, not the dialog under it.
            event.stopPropagation();
            picker.close();
        }
    }, true);
}());
