//! The respondent blocks of an intake form (issue 14, item 10): the form
//! shows one block, and "add another respondent" / "remove" buttons change
//! how many, through a server round-trip that works without JavaScript.
//! Those buttons never validate or store anything.

use super::mediation_intake::{IntakeForm, MAX_RESPONDENTS};

/// What a post of the form asked for, besides sending it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RespondentAction {
    /// One more empty block.
    Add,
    /// Drop block `n` (1-based); the blocks after it move up.
    Remove(usize),
}

impl IntakeForm {
    /// The "add" or "remove" button that sent the form, if one did.
    pub fn respondent_action(&self) -> Option<RespondentAction> {
        if !self.add_respondent.is_empty() {
            return Some(RespondentAction::Add);
        }
        match self.remove_respondent.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_RESPONDENTS).contains(&n) => Some(RespondentAction::Remove(n)),
            _ if !self.remove_respondent.is_empty() => Some(RespondentAction::Remove(0)),
            _ => None,
        }
    }

    /// How many respondent blocks to show: as many as the form asked for,
    /// never fewer than hold a value (nothing typed is ever hidden), 1 to 3.
    pub fn respondents_shown(&self) -> usize {
        let filled = self
            .respondent_slots()
            .iter()
            .rposition(|(name, phone)| !name.trim().is_empty() || !phone.trim().is_empty())
            .map_or(0, |i| i + 1);
        let asked = self.respondent_count.trim().parse::<usize>().unwrap_or(1);
        asked.max(filled).clamp(1, MAX_RESPONDENTS)
    }

    /// Applies `action` to the blocks; every other value stays as typed.
    pub fn apply_respondent_action(&mut self, action: RespondentAction) {
        let shown = self.respondents_shown();
        let count = match action {
            RespondentAction::Add => (shown + 1).min(MAX_RESPONDENTS),
            // The first block always stays; an unknown block removes nothing.
            RespondentAction::Remove(n) if (2..=shown).contains(&n) => {
                let mut slots = self.slot_values();
                slots.remove(n - 1);
                slots.push((String::new(), String::new()));
                self.set_slot_values(slots);
                shown - 1
            }
            RespondentAction::Remove(_) => shown,
        };
        self.respondent_count = count.to_string();
        self.add_respondent.clear();
        self.remove_respondent.clear();
    }

    fn slot_values(&self) -> Vec<(String, String)> {
        self.respondent_slots()
            .iter()
            .map(|(n, p)| ((*n).to_owned(), (*p).to_owned()))
            .collect()
    }

    fn set_slot_values(&mut self, slots: Vec<(String, String)>) {
        let mut it = slots.into_iter();
        for (name, phone) in [
            (&mut self.respondent_name_1, &mut self.respondent_phone_1),
            (&mut self.respondent_name_2, &mut self.respondent_phone_2),
            (&mut self.respondent_name_3, &mut self.respondent_phone_3),
        ] {
            let (n, p) = it.next().unwrap_or_default();
            *name = n;
            *phone = p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(names: [&str; 3], count: &str) -> IntakeForm {
        IntakeForm {
            respondent_name_1: names[0].into(),
            respondent_name_2: names[1].into(),
            respondent_name_3: names[2].into(),
            respondent_count: count.into(),
            ..Default::default()
        }
    }

    #[test]
    fn one_block_is_shown_until_more_are_asked_for_or_filled() {
        assert_eq!(form(["", "", ""], "").respondents_shown(), 1);
        assert_eq!(form(["", "", ""], "2").respondents_shown(), 2);
        assert_eq!(
            form(["a", "", "c"], "1").respondents_shown(),
            3,
            "typed values stay visible"
        );
        assert_eq!(form(["", "", ""], "9").respondents_shown(), 3);
    }

    #[test]
    fn add_and_remove_keep_every_other_value() {
        let mut f = form(["甲", "", ""], "1");
        f.add_respondent = "yes".into();
        f.apply_respondent_action(f.respondent_action().unwrap());
        assert_eq!(f.respondents_shown(), 2);
        assert_eq!(f.respondent_name_1, "甲");

        let mut f = form(["甲", "乙", "丙"], "3");
        f.respondent_phone_3 = "13800000000".into();
        f.remove_respondent = "2".into();
        f.apply_respondent_action(f.respondent_action().unwrap());
        assert_eq!(
            (f.respondent_name_2.as_str(), f.respondent_phone_2.as_str()),
            ("丙", "13800000000")
        );
        assert_eq!(f.respondent_name_3, "");
        assert_eq!(f.respondents_shown(), 2);
    }

    #[test]
    fn the_first_block_cannot_be_removed() {
        let mut f = form(["甲", "", ""], "1");
        f.remove_respondent = "1".into();
        f.apply_respondent_action(f.respondent_action().unwrap());
        assert_eq!((f.respondent_name_1.as_str(), f.respondents_shown()), ("甲", 1));
    }
}
