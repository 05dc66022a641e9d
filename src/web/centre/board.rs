//! `/centre`: the centre's board for admins (the district) and
//! coordinators (their street). Counters and small indexed reads only
//! (`resolution::board`), so it answers as fast at a million disputes.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::dispute_types::DisputeTypes;
use crate::db::now_ts;
use crate::domain::mediation::DisputeType;
use crate::domain::resolution::ReferralState;
use crate::resolution::board::{self, Board};
use crate::web::auth::CentreDesk;
use crate::web::context::PageCtx;
use crate::web::error::AppError;
use crate::web::read_side::ReadSide;
use crate::web::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "centre/board.html")]
struct BoardPage {
    ctx: PageCtx,
    board: Board,
    area_name: String,
    types: DisputeTypes,
}

impl BoardPage {
    fn states(&self) -> &'static [ReferralState] {
        ReferralState::ALL
    }

    fn state_label(&self, s: &ReferralState) -> String {
        self.ctx.label(s)
    }

    fn type_label(&self, t: &DisputeType) -> String {
        self.types.label(self.ctx.lang, *t)
    }

    fn first_door_hint(&self) -> String {
        let n = self.board.first_door_resolved.to_string();
        self.ctx.t_with("centre_board.first_door_hint", "n", &n)
    }

    /// The board lists the oldest overdue referrals up to its limit; a
    /// full list says "at least".
    fn overdue_figure(&self) -> String {
        let n = self.board.overdue.len() as i64;
        if n >= board::OVERDUE_LIMIT {
            format!("≥{n}")
        } else {
            n.to_string()
        }
    }

    fn first_door(&self) -> String {
        self.board
            .first_door_percent
            .map(|p| format!("{p}%"))
            .unwrap_or_else(|| "—".to_owned())
    }
}

pub async fn show(
    ctx: PageCtx,
    CentreDesk(user): CentreDesk,
    state: web::Data<AppState>,
    side: ReadSide,
) -> Result<HttpResponse, AppError> {
    let area = board::area_of(&user.viewer()).ok_or(AppError::Forbidden)?;
    let (board, area_name, types) = state
        .read(side, move |conn| {
            let name = match &area {
                Some(id) => crate::db::places::find(conn, id)?.map(|p| p.name).unwrap_or_default(),
                None => String::new(),
            };
            Ok((
                board::load(conn, area.as_deref(), now_ts())?,
                name,
                DisputeTypes::load(conn)?,
            ))
        })
        .await?;
    render::page(&BoardPage {
        ctx,
        board,
        area_name,
        types,
    })
}
