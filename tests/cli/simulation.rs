//! A school year simulated: pairs meeting on different days and at different
//! cadences; the tutor runs `ect agenda --week this` or `--week next` at
//! random moments, before and after meetings; mentors type notes, add
//! actions in every list shape, tick, drop, renumber and rename, at the
//! meeting, before it (a note jotted early) and after it (an action typed
//! days later). After every run it checks that every action appears in the
//! Review of every agenda the run wrote or found up to date, from the moment
//! it was typed until it is ticked or dropped, and that nothing typed is lost.
//!
//! The fast version runs the autumn term with a fixed seed; the long one
//! (`cargo test --test cli -- --ignored simulation`) runs a whole year for
//! several seeds.

use crate::support::Scratch;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// splitmix64: a small, seeded, reproducible source of choices.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// True with probability `p` percent.
    fn chance(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const CALENDAR: &str = "programme: demo
terms:
  - name: autumn
    start: 2026-09-02
    end: 2026-12-18
    breaks:
      - {start: 2026-10-26, end: 2026-10-30}
  - name: spring
    start: 2027-01-05
    end: 2027-03-26
    breaks:
      - {start: 2027-02-15, end: 2027-02-19}
  - name: summer
    start: 2027-04-12
    end: 2027-07-21
    breaks:
      - {start: 2027-05-31, end: 2027-06-04}
closures: [2026-11-27, 2027-05-03]
";

/// (id, pair.yaml)
const PAIRS: &[(&str, &str)] = &[
    (
        "ana-ben",
        "mentor: Ana Price\nect: Ben Shaw\nstart: 2026-09-07\nmeeting: {day: tuesday, time: \"15:30\", minutes: 50}\n",
    ),
    (
        "cy-dee",
        "mentor: Cy Moss\nect: Dee Hart\nstart: 2026-09-02\nmeeting: {day: friday}\npauses:\n  - {start: 2026-11-16, end: 2026-11-27}\n",
    ),
    (
        "eve-fay",
        "mentor: Eve Lund\nect: Fay Orr\nstart: 2026-09-07\nmeeting: {day: wednesday, minutes: 30}\ncadence: {year1: fortnightly}\n",
    ),
    (
        "gus-hal",
        "mentor: Gus Reid\nect: Hal Vance\nstart: 2026-09-14\nmeeting: {day: monday, time: \"08:00\"}\n",
    ),
];

/// One action a mentor typed.
#[derive(Debug, Clone)]
struct Typed {
    text: String,
    agreed: NaiveDate,
    /// Ticked or dropped by now.
    closed: bool,
}

struct World {
    s: Scratch,
    dice: Dice,
    actions: Vec<Typed>,
    /// Every line of text a person typed, by the file it is in now.
    typed: BTreeMap<String, Vec<String>>,
    serial: usize,
    runs: usize,
    checked: usize,
    conflicts: usize,
    /// Agendas whose meeting moved (a closure, a new meeting day).
    moved: usize,
}

/// The list shapes GitHub renders as tasks.
const MARKERS: &[&str] = &["-", "*", "+", "1.", "1)"];

fn agenda_rel(pair: &str, date: NaiveDate) -> String {
    format!("plans/{pair}/agendas/{date}.md")
}

impl World {
    fn new(seed: u64) -> World {
        let s = Scratch::of("school");
        s.write("ect.yaml", CALENDAR);
        for dir in ["plans/ana-ben", "plans/cy-dee"] {
            std::fs::remove_dir_all(s.path().join(dir)).unwrap();
        }
        for (id, yaml) in PAIRS {
            s.write(&format!("plans/{id}/pair.yaml"), yaml);
        }
        World {
            s,
            dice: Dice(seed),
            actions: Vec::new(),
            typed: BTreeMap::new(),
            serial: 0,
            runs: 0,
            checked: 0,
            conflicts: 0,
            moved: 0,
        }
    }

    fn read(&self, rel: &str) -> Option<String> {
        std::fs::read_to_string(self.s.path().join(rel)).ok()
    }

    fn write(&mut self, rel: &str, text: &str) {
        self.s.write(rel, text);
    }

    fn unique(&mut self, what: &str) -> String {
        self.serial += 1;
        format!("{what} number {}", self.serial)
    }

    /// The agenda file of `pair` for `date`, named by date or renamed.
    fn agenda_of(&self, pair: &str, date: NaiveDate) -> Option<String> {
        let dir = self.s.path().join(format!("plans/{pair}/agendas"));
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&date.to_string()) && n.ends_with(".md"))
            .collect();
        names.sort();
        names.first().map(|n| format!("plans/{pair}/agendas/{n}"))
    }

    /// The tutor runs `ect agenda` for the week of `monday`; every agenda the
    /// run names is checked against what mentors typed so far.
    fn run(&mut self, monday: NaiveDate) {
        let week = monday.to_string();
        let run = self.s.ect(&["agenda", "--week", &week]);
        assert!(
            run.code == 0,
            "run {} for {week} failed:\n{}{}",
            self.runs,
            run.stdout,
            run.stderr
        );
        self.runs += 1;
        for line in run.stdout.lines() {
            let Some(at) = line.find("plans/") else {
                continue;
            };
            let verb = line[..at].split_whitespace().nth(1).unwrap_or("");
            if line.contains("is no longer a meeting") {
                // an agenda whose meeting moved: removed, or kept when typed into
                self.moved += 1;
                continue;
            }
            let end = line[at..].find(".md").map_or(line.len(), |e| at + e + 3);
            let rel = &line[at..end];
            match verb {
                "created" | "updated" | "unchanged" | "merged" | "kept" => {
                    self.check_review(rel, line)
                }
                "conflict" => self.conflicts += 1,
                "removed" => {}
                other => panic!("unexpected `{other}` in `{line}`"),
            }
        }
        self.check_nothing_lost();
    }

    /// Every action agreed before the agenda's meeting and still open is in
    /// its Review.
    fn check_review(&mut self, rel: &str, line: &str) {
        let name = rel.rsplit('/').next().unwrap();
        let Ok(date) = NaiveDate::parse_from_str(&name[..10], "%Y-%m-%d") else {
            return;
        };
        let pair = rel.split('/').nth(1).unwrap();
        let text = self.read(rel).unwrap();
        let mut checked = 0;
        let origin = |a: &Typed| {
            self.agenda_of(pair, a.agreed)
                .and_then(|r| self.read(&r))
                .unwrap_or_default()
        };
        for a in self
            .actions
            .iter()
            .filter(|a| !a.closed && a.agreed < date && a.text.contains(pair))
        {
            assert!(
                text.contains(&format!("{} _(agreed {})_", a.text, a.agreed)),
                "after `{line}` (run {}): `{}`, agreed {}, is missing from the Review of {rel}:\n{text}\n--- agreed in:\n{}",
                self.runs,
                a.text,
                a.agreed,
                origin(a)
            );
            checked += 1;
        }
        self.checked += checked;
    }

    fn check_nothing_lost(&self) {
        for (rel, lines) in &self.typed {
            let text = self
                .read(rel)
                .unwrap_or_else(|| panic!("{rel}, typed into, is gone"));
            for l in lines {
                assert!(
                    text.contains(l.as_str()),
                    "`{l}` typed into {rel} was lost (run {}):\n{text}",
                    self.runs
                );
            }
        }
    }

    fn remember(&mut self, rel: &str, line: String) {
        self.typed.entry(rel.to_string()).or_default().push(line);
    }

    /// The meeting of `pair` on `date`, if it has an agenda: ticks, drops,
    /// new actions, notes, sometimes a renumbering or a new file name.
    fn meet(&mut self, pair: &str, date: NaiveDate) {
        let Some(rel) = self.agenda_of(pair, date) else {
            return;
        };
        let mut text = self.read(&rel).unwrap();
        // review: tick or drop some carried actions
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for l in &mut lines {
            if !(l.starts_with("- [ ] ") && l.contains(" _(agreed ")) {
                continue;
            }
            let roll = self.dice.below(100);
            let mark = match roll {
                0..=34 => "[x]",
                35..=44 => "[-]",
                _ => continue,
            };
            *l = l.replacen("[ ]", mark, 1);
            let body = &l[6..];
            let (t, agreed) = body.rsplit_once(" _(agreed ").unwrap();
            let agreed = NaiveDate::parse_from_str(&agreed[..10], "%Y-%m-%d").unwrap();
            for a in &mut self.actions {
                if a.text == t && a.agreed == agreed {
                    a.closed = true;
                }
            }
        }
        text = lines.join("\n") + "\n";
        // notes
        let note = self.unique(&format!("Note for {pair} on {date}"));
        text = text.replacen(
            "Write notes from the meeting here.\n",
            &format!("Write notes from the meeting here.\n\n{note}\n"),
            1,
        );
        if !text.contains(&note) {
            text.push_str(&format!("\n{note}\n"));
        }
        self.remember(&rel, note);
        // new actions, in any list shape
        let n = self.dice.below(4);
        let mut new = Vec::new();
        for _ in 0..n {
            let action = self.unique(&format!("Action for {pair}"));
            let marker = MARKERS[self.dice.below(MARKERS.len())];
            new.push(format!("{marker} [ ] {action}"));
            self.actions.push(Typed {
                text: action.clone(),
                agreed: date,
                closed: false,
            });
            self.remember(&rel, action);
        }
        if !new.is_empty() {
            let block = new.join("\n");
            if text.contains("- [ ] (an action: what, by whom, by when)") {
                text = text.replacen("- [ ] (an action: what, by whom, by when)", &block, 1);
            } else {
                text = format!("{}\n{block}\n", text.trim_end());
            }
        }
        // renumber the agreed actions as an ordered list
        if self.dice.chance(15) {
            let mut i = 0;
            let mut out = String::new();
            let mut inside = false;
            for l in text.lines() {
                if l.starts_with("## ") {
                    inside = l.starts_with("## Actions agreed");
                }
                let t = l.trim_start();
                if inside
                    && let Some(rest) = ["- [", "* [", "+ [", "1. [", "1) ["]
                        .iter()
                        .find_map(|m| t.strip_prefix(m))
                {
                    i += 1;
                    out.push_str(&format!("{i}. [{rest}\n"));
                } else {
                    out.push_str(l);
                    out.push('\n');
                }
            }
            text = out;
        }
        self.write(&rel, &text);
        // sometimes the file is renamed afterwards
        if self.dice.chance(5) && rel.ends_with(&format!("{date}.md")) {
            let renamed = format!("plans/{pair}/agendas/{date} meeting notes.md");
            std::fs::rename(self.s.path().join(&rel), self.s.path().join(&renamed)).unwrap();
            if let Some(lines) = self.typed.remove(&rel) {
                self.typed.insert(renamed, lines);
            }
        }
    }

    /// After the meeting: an action typed days later into its agenda, or an
    /// agreed action ticked where it was agreed.
    fn later(&mut self, pair: &str, today: NaiveDate) {
        let back = today - Days::new(1 + self.dice.below(12) as u64);
        let Some(rel) = self.agenda_of(pair, back) else {
            return;
        };
        let mut text = self.read(&rel).unwrap();
        if self.dice.chance(60) {
            let action = self.unique(&format!("Late action for {pair}"));
            let marker = MARKERS[self.dice.below(MARKERS.len())];
            text = format!("{}\n{marker} [ ] {action}\n", text.trim_end());
            self.actions.push(Typed {
                text: action.clone(),
                agreed: back,
                closed: false,
            });
            self.remember(&rel, action);
        } else if let Some(a) = self
            .actions
            .iter_mut()
            .find(|a| !a.closed && a.agreed == back && text.contains(&format!("[ ] {}", a.text)))
        {
            text = text.replacen(&format!("[ ] {}", a.text), &format!("[x] {}", a.text), 1);
            a.closed = true;
        } else {
            return;
        }
        self.write(&rel, &text);
    }

    /// Before the meeting: a note jotted into an agenda written early.
    fn jot(&mut self, pair: &str, today: NaiveDate) {
        let ahead = today + Days::new(1 + self.dice.below(9) as u64);
        let Some(rel) = self.agenda_of(pair, ahead) else {
            return;
        };
        let text = self.read(&rel).unwrap();
        let note = self.unique(&format!("Early note for {pair}"));
        let text = text.replacen("## Notes\n\n", &format!("## Notes\n\n{note}\n\n"), 1);
        if text.contains(&note) {
            self.write(&rel, &text);
            self.remember(&rel, note);
        }
    }
}

fn simulate(seed: u64, from: NaiveDate, to: NaiveDate) -> World {
    let mut w = World::new(seed);
    let mut day = from;
    while day <= to {
        // the calendar changes under the agendas already written: a closure
        // on a Friday and on a Tuesday, and a pair's meeting day moves
        for (when, closed) in [("2026-10-05", "2026-10-09"), ("2026-12-01", "2026-12-08")] {
            if day == d(when) {
                let yaml = w.read("ect.yaml").unwrap().replacen(
                    "closures: [",
                    &format!("closures: [{closed}, "),
                    1,
                );
                w.write("ect.yaml", &yaml);
            }
        }
        if day == d("2026-11-11") {
            let rel = "plans/gus-hal/pair.yaml";
            let yaml = w.read(rel).unwrap().replace("day: monday", "day: thursday");
            w.write(rel, &yaml);
        }
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            day = day + Days::new(1);
            continue;
        }
        let monday = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
        // the tutor's morning run: this week, or the next (on Fridays, usually next)
        let p = if day.weekday() == Weekday::Fri {
            70
        } else {
            35
        };
        if w.dice.chance(p) {
            let which = if w.dice.chance(60) {
                monday + Days::new(7)
            } else {
                monday
            };
            w.run(which);
        }
        for (pair, _) in PAIRS {
            if w.dice.chance(12) {
                w.jot(pair, day);
            }
            if w.dice.chance(92) {
                w.meet(pair, day);
            }
            if w.dice.chance(8) {
                w.later(pair, day);
            }
        }
        // sometimes a run after the meetings, the same afternoon
        if w.dice.chance(20) {
            w.run(monday);
        }
        day = day + Days::new(1);
    }
    // a last run of every week catches nothing out
    w.run(to - Days::new(u64::from(to.weekday().num_days_from_monday())));
    w
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn simulation_of_an_autumn_term_loses_no_action_and_no_word() {
    let w = simulate(20_261_106, d("2026-09-01"), d("2026-12-18"));
    assert!(w.runs > 40, "only {} runs", w.runs);
    assert!(w.actions.len() > 50, "only {} actions", w.actions.len());
    assert!(w.checked > 200, "only {} checks", w.checked);
    // mentors type after runs: merging is what carries those actions
    eprintln!(
        "simulation: {} runs, {} actions, {} review checks, {} conflicts, {} moved",
        w.runs,
        w.actions.len(),
        w.checked,
        w.conflicts,
        w.moved
    );
    assert!(
        w.moved > 0,
        "no meeting moved: the calendar changes did not bite"
    );
    let v = w.s.ect(&["validate", "plans"]);
    assert!(!v.stdout.contains("error["), "{}", v.stdout);
    let _ = agenda_rel;
}

#[test]
#[ignore = "long: a whole school year for several seeds"]
fn simulation_of_a_school_year_for_many_seeds() {
    for seed in 1..=6 {
        let w = simulate(seed, d("2026-09-01"), d("2027-07-21"));
        eprintln!(
            "seed {seed}: {} runs, {} actions, {} review checks, {} conflicts, {} moved",
            w.runs,
            w.actions.len(),
            w.checked,
            w.conflicts,
            w.moved
        );
    }
}
