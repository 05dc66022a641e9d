//! Residents sending as fast as they can while the test stops or kills the
//! server, and the tally of what they were told.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::submit::{Outcome, Target, send_application, send_letter};

/// What the senders were told, shared between them.
#[derive(Default)]
pub struct Tally {
    /// Receipts handed out: (is a letter, code).
    pub receipts: Mutex<Vec<(bool, String)>>,
    /// Answers that were not receipts, and silences before the signal.
    pub failures: Mutex<Vec<String>>,
    /// Senders that got no answer after the signal (refused: not a failure).
    pub refused: AtomicUsize,
    /// Set just before the signal is sent.
    pub signalled: AtomicBool,
}

impl Tally {
    pub fn acknowledged(&self) -> usize {
        self.receipts.lock().unwrap().len()
    }

    pub fn failures(&self) -> Vec<String> {
        self.failures.lock().unwrap().clone()
    }

    pub fn codes(&self) -> Vec<(bool, String)> {
        self.receipts.lock().unwrap().clone()
    }
}

/// `senders` residents, each alternating a letter with a photo and a
/// mediation application, until the server stops answering them.
pub fn start(target: &Target, senders: usize, tally: &Arc<Tally>) -> Vec<tokio::task::JoinHandle<()>> {
    (0..senders)
        .map(|n| {
            let target = target.clone();
            let tally = tally.clone();
            tokio::spawn(async move { send_until_silence(&target, n % 2 == 0, &tally).await })
        })
        .collect()
}

async fn send_until_silence(target: &Target, mut letter: bool, tally: &Tally) {
    // A fresh connection per request, so that a request sent after the
    // signal meets a closed door rather than an idle keep-alive one.
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        // A request the killed server had taken but never answered must end
        // as "no answer", not wait for ever (it hung the suite once on
        // PostgreSQL with no server left running).
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .unwrap();
    loop {
        let outcome = if letter {
            send_letter(&client, target).await
        } else {
            send_application(&client, target).await
        };
        match outcome {
            Outcome::Receipt(code) => tally.receipts.lock().unwrap().push((letter, code)),
            Outcome::Failed(status) => tally.failures.lock().unwrap().push(format!("answered {status}")),
            Outcome::NoAnswer(error) => {
                if tally.signalled.load(Ordering::SeqCst) {
                    tally.refused.fetch_add(1, Ordering::SeqCst);
                } else {
                    tally
                        .failures
                        .lock()
                        .unwrap()
                        .push(format!("no answer before the signal: {error}"));
                }
                return;
            }
        }
        letter = !letter;
    }
}

/// Waits (politely) until at least `count` receipts were handed out.
pub async fn until_acknowledged(tally: &Tally, count: usize) {
    while tally.acknowledged() < count {
        assert!(
            tally.failures().is_empty(),
            "failures before the signal: {:?}",
            tally.failures()
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
