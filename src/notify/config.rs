//! Notification settings from the environment (documented in README.md).

use std::fmt;
use std::time::Duration;

use crate::domain::notification::{ChannelKind, Retry};

/// An SMTP relay: plain SMTP to a local or trusted relay (no TLS, no login);
/// the relay forwards with its own credentials.
#[derive(Clone, Debug)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub from: String,
    /// Phone recipients go to `<number>@<domain>` when an e-mail-to-SMS
    /// gateway is configured here; without it they cannot be e-mailed.
    pub phone_domain: Option<String>,
}

/// An SMS gateway reached over HTTP: the body template is JSON with the
/// placeholders `{{phone}}`, `{{text}}`, `{{template}}` and `{{id}}`.
#[derive(Clone)]
pub struct SmsConfig {
    pub url: String,
    pub body_template: String,
}

pub const DEFAULT_SMS_TEMPLATE: &str =
    r#"{"to":"{{phone}}","text":"{{text}}","template":"{{template}}","id":"{{id}}"}"#;

#[derive(Clone)]
pub struct NotifyConfig {
    /// `YUANBA_NOTIFY_CHANNEL`: `log` (default), `smtp`, `sms` or `off`.
    pub channel: Option<ChannelKind>,
    /// `YUANBA_NOTIFY_WORKER`: `0` runs no delivery worker in this
    /// instance (another instance delivers); on by default for `serve`.
    pub worker: bool,
    /// `YUANBA_NOTIFY_POLL_MS`: how often the worker looks for due rows.
    pub poll: Duration,
    /// `YUANBA_NOTIFY_MAX_ATTEMPTS`, `YUANBA_NOTIFY_BACKOFF_MS`.
    pub retry: Retry,
    /// `YUANBA_NOTIFY_LEASE_SECS`: how long a claimed row stays with one
    /// worker; longer than any delivery can take (timeouts are 10 s).
    pub lease_secs: i64,
    /// `YUANBA_PUBLIC_URL`: the site's address as residents reach it, for
    /// the links in messages.
    pub base_url: String,
    /// `YUANBA_SMTP_HOST`, `_PORT` (25), `_FROM`, `_PHONE_DOMAIN`.
    pub smtp: Option<SmtpConfig>,
    /// `YUANBA_SMS_URL`, `YUANBA_SMS_TEMPLATE`.
    pub sms: Option<SmsConfig>,
}

impl Default for NotifyConfig {
    /// Log-only, no worker: what tests and tools start with.
    fn default() -> Self {
        NotifyConfig {
            channel: Some(ChannelKind::Log),
            worker: false,
            poll: Duration::from_secs(5),
            retry: Retry::default(),
            lease_secs: 300,
            base_url: "http://127.0.0.1:8080".to_owned(),
            smtp: None,
            sms: None,
        }
    }
}

impl NotifyConfig {
    pub fn from_env(var: &dyn Fn(&str) -> Option<String>) -> Result<Self, String> {
        let num = |k: &str| -> Result<Option<u64>, String> {
            var(k)
                .map(|v| v.parse::<u64>().map_err(|_| format!("{k} is not a number: {v}")))
                .transpose()
        };
        let defaults = NotifyConfig::default();
        let channel = match var("YUANBA_NOTIFY_CHANNEL").as_deref() {
            None => defaults.channel,
            Some("off") => None,
            Some(code) => Some(
                ChannelKind::parse(code)
                    .ok_or_else(|| format!("YUANBA_NOTIFY_CHANNEL must be log, smtp, sms or off: {code}"))?,
            ),
        };
        let smtp = match var("YUANBA_SMTP_HOST") {
            Some(host) => Some(SmtpConfig {
                host,
                port: num("YUANBA_SMTP_PORT")?.map_or(25, |p| p.min(u16::MAX as u64) as u16),
                from: var("YUANBA_SMTP_FROM").ok_or("YUANBA_SMTP_FROM is required with YUANBA_SMTP_HOST")?,
                phone_domain: var("YUANBA_SMTP_PHONE_DOMAIN"),
            }),
            None => None,
        };
        let sms = var("YUANBA_SMS_URL").map(|url| SmsConfig {
            url,
            body_template: var("YUANBA_SMS_TEMPLATE").unwrap_or_else(|| DEFAULT_SMS_TEMPLATE.to_owned()),
        });
        let config = NotifyConfig {
            channel,
            worker: var("YUANBA_NOTIFY_WORKER").is_none_or(|v| v != "0" && v != "false"),
            poll: num("YUANBA_NOTIFY_POLL_MS")?.map_or(defaults.poll, Duration::from_millis),
            retry: Retry {
                max_attempts: num("YUANBA_NOTIFY_MAX_ATTEMPTS")?
                    .map_or(defaults.retry.max_attempts, |n| n.clamp(1, 100) as i32),
                base_ms: num("YUANBA_NOTIFY_BACKOFF_MS")?.unwrap_or(defaults.retry.base_ms),
                cap_ms: defaults.retry.cap_ms,
            },
            lease_secs: num("YUANBA_NOTIFY_LEASE_SECS")?.map_or(defaults.lease_secs, |n| n.clamp(30, 86_400) as i64),
            base_url: var("YUANBA_PUBLIC_URL").map_or(defaults.base_url, |u| u.trim_end_matches('/').to_owned()),
            smtp,
            sms,
        };
        config.check()?;
        Ok(config)
    }

    /// A channel chosen without its settings is refused at start-up rather
    /// than failing every message later.
    pub fn check(&self) -> Result<(), String> {
        match self.channel {
            Some(ChannelKind::Smtp) if self.smtp.is_none() => {
                Err("YUANBA_NOTIFY_CHANNEL=smtp needs YUANBA_SMTP_HOST".into())
            }
            Some(ChannelKind::Sms) if self.sms.is_none() => {
                Err("YUANBA_NOTIFY_CHANNEL=sms needs YUANBA_SMS_URL".into())
            }
            // The HTTP client is built without TLS: an https:// gateway would
            // fail every message, so it is refused here (put a local adapter
            // in front of a remote provider, README "Notifications").
            Some(ChannelKind::Sms) if self.sms.as_ref().is_some_and(|s| !s.url.starts_with("http://")) => Err(
                "YUANBA_SMS_URL must be a plain http:// address of a local adapter (no TLS client is built in)".into(),
            ),
            _ => Ok(()),
        }
    }
}

impl fmt::Debug for NotifyConfig {
    /// The gateway's URL may carry an API key: only whether it is set is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NotifyConfig")
            .field("channel", &self.channel)
            .field("worker", &self.worker)
            .field("poll", &self.poll)
            .field("retry", &self.retry)
            .field("lease_secs", &self.lease_secs)
            .field("base_url", &self.base_url)
            .field("smtp", &self.smtp)
            .field("sms", &self.sms.as_ref().map(|_| "<set>"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Result<NotifyConfig, String> {
        NotifyConfig::from_env(&|k| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn an_sms_gateway_must_be_plain_http() {
        let sms = |url| from(&[("YUANBA_NOTIFY_CHANNEL", "sms"), ("YUANBA_SMS_URL", url)]);
        assert!(sms("http://127.0.0.1:9000/send").is_ok());
        assert!(sms("https://sms.example.com/send").unwrap_err().contains("http://"));
        assert!(from(&[("YUANBA_NOTIFY_CHANNEL", "sms")]).is_err());
    }
}
