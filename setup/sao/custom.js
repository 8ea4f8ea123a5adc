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
}());
