//! How a message leaves: one trait, three channels. A channel reports a
//! failure as a short category ("gateway answered 503"), never the far
//! side's own words, which may quote the address back into our database.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::{Message, SmtpTransport, Transport};

use super::config::{NotifyConfig, SmsConfig, SmtpConfig};
use super::message::Rendered;
use crate::domain::notification::{ChannelKind, NotificationTemplate, RecipientKind};

/// Any delivery gives up after this long; the lease is far longer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// One message for one recipient.
pub struct Delivery<'a> {
    pub id: &'a str,
    pub kind: RecipientKind,
    pub address: &'a str,
    pub template: NotificationTemplate,
    pub message: &'a Rendered,
}

/// Why a delivery failed: a code safe to store, `code` or `code:status`
/// (`gateway_status:503`); the admin page words it from the catalogue
/// (`notify.error.<code>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryError(pub String);

pub trait Channel: Send + Sync {
    fn deliver(&self, d: &Delivery<'_>) -> Result<(), DeliveryError>;
}

/// Writes that a message was sent, naming only its id and template.
pub struct LogChannel;

impl Channel for LogChannel {
    fn deliver(&self, d: &Delivery<'_>) -> Result<(), DeliveryError> {
        tracing::info!(
            notification = d.id,
            template = d.template.code(),
            "notification sent (log channel)"
        );
        Ok(())
    }
}

/// E-mail through an SMTP relay.
pub struct SmtpChannel {
    config: SmtpConfig,
    transport: SmtpTransport,
}

impl SmtpChannel {
    pub fn new(config: SmtpConfig) -> Self {
        // Plain SMTP to a relay the operator runs; it adds TLS outward.
        let transport = SmtpTransport::builder_dangerous(config.host.clone())
            .port(config.port)
            .timeout(Some(TIMEOUT))
            .build();
        SmtpChannel { config, transport }
    }

    fn to_address(&self, d: &Delivery<'_>) -> Result<String, DeliveryError> {
        match (d.kind, &self.config.phone_domain) {
            (RecipientKind::Email, _) => Ok(d.address.to_owned()),
            (_, Some(domain)) => Ok(format!("{}@{domain}", d.address)),
            (_, None) => Err(DeliveryError("no_email_route".into())),
        }
    }
}

impl Channel for SmtpChannel {
    fn deliver(&self, d: &Delivery<'_>) -> Result<(), DeliveryError> {
        let bad = |what: &str| DeliveryError(format!("invalid_{what}"));
        let email = Message::builder()
            .from(self.config.from.parse().map_err(|_| bad("sender"))?)
            .to(self.to_address(d)?.parse().map_err(|_| bad("recipient"))?)
            .subject(d.message.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(d.message.text.clone())
            .map_err(|_| bad("message"))?;
        self.transport.send(&email).map(|_| ()).map_err(|e| {
            DeliveryError(match e.status() {
                Some(code) => format!("smtp_status:{code}"),
                None if e.is_transient() || e.is_permanent() => "smtp_refused".into(),
                None => "smtp_unreachable".into(),
            })
        })
    }
}

/// SMS through an HTTP gateway: a JSON POST built from the template.
pub struct SmsChannel {
    config: SmsConfig,
    agent: ureq::Agent,
}

impl SmsChannel {
    pub fn new(config: SmsConfig) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .http_status_as_error(false)
            .build()
            .into();
        SmsChannel { config, agent }
    }
}

/// Fills `{{name}}` placeholders with JSON-escaped values, so a message's
/// quotes or line breaks cannot break the body's JSON.
pub fn fill_json_template(template: &str, values: &[(&str, &str)]) -> String {
    let mut body = template.to_owned();
    for (name, value) in values {
        let quoted = serde_json::Value::from(*value).to_string();
        body = body.replace(&format!("{{{{{name}}}}}"), &quoted[1..quoted.len() - 1]);
    }
    body
}

impl Channel for SmsChannel {
    fn deliver(&self, d: &Delivery<'_>) -> Result<(), DeliveryError> {
        let body = fill_json_template(
            &self.config.body_template,
            &[
                ("phone", d.address),
                ("text", &d.message.text),
                ("template", d.template.code()),
                ("id", d.id),
            ],
        );
        let response = self
            .agent
            .post(&self.config.url)
            .content_type("application/json")
            .send(body.as_bytes())
            .map_err(|_| DeliveryError("gateway_unreachable".into()))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(DeliveryError(format!("gateway_status:{}", status.as_u16())))
        }
    }
}

/// The channels this instance can deliver through: the log always, SMTP
/// and SMS when configured (a row keeps the channel chosen when it was
/// written, so a change of setting does not strand older rows silently).
pub struct Channels {
    log: LogChannel,
    smtp: Option<SmtpChannel>,
    sms: Option<SmsChannel>,
}

impl Channels {
    pub fn from_config(config: &NotifyConfig) -> Self {
        Channels {
            log: LogChannel,
            smtp: config.smtp.clone().map(SmtpChannel::new),
            sms: config.sms.clone().map(SmsChannel::new),
        }
    }

    pub fn get(&self, kind: ChannelKind) -> Option<&dyn Channel> {
        match kind {
            ChannelKind::Log => Some(&self.log),
            ChannelKind::Smtp => self.smtp.as_ref().map(|c| c as &dyn Channel),
            ChannelKind::Sms => self.sms.as_ref().map(|c| c as &dyn Channel),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_values_are_json_escaped() {
        let body = fill_json_template(
            r#"{"to":"{{phone}}","text":"{{text}}"}"#,
            &[("phone", "13800138000"), ("text", "说\"好\"\n行")],
        );
        let parsed: serde_json::Value = serde_json::from_str(&body).expect("valid JSON");
        assert_eq!(parsed["to"], "13800138000");
        assert_eq!(parsed["text"], "说\"好\"\n行");
    }
}
