//! The web UI (`GET /`): the simulation report with every decision, the
//! ticket inbox with approvals, and one customer's payments. Static files
//! embedded in the binary that read the JSON API; `GET /api/simulation`
//! serves the files of a `paydesk simulate` run named in `[ui]`.

use std::path::Path;

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::AppState;
use crate::error::ApiError;

const INDEX: &str = include_str!("ui/index.html");
const APP: &str = include_str!("ui/app.js");
const STYLE: &str = include_str!("ui/style.css");

/// The pages; open like `/healthz` (they hold no data: the data comes from the API with its tokens).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/",
            get(|| async { page(INDEX, "text/html; charset=utf-8") }),
        )
        .route(
            "/ui/app.js",
            get(|| async { page(APP, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/ui/style.css",
            get(|| async { page(STYLE, "text/css; charset=utf-8") }),
        )
}

/// `GET /api/simulation`, behind the same tokens as the customer API.
pub fn api_router() -> Router<AppState> {
    Router::new().route("/api/simulation", get(simulation))
}

fn page(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Scripts and styles only from here: a reply or a name that holds markup stays text.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The decisions (JSONL) and the report (JSON) of a simulation run, read at each request.
async fn simulation(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let ui = &state.config.ui;
    if ui.simulation_decisions.is_empty() {
        return Err(ApiError::client(
            StatusCode::NOT_FOUND,
            "no_simulation",
            "no simulation configured: set ui.simulation_decisions (PAYDESK_UI_SIMULATION_DECISIONS)",
        ));
    }
    let decisions = read_decisions(Path::new(&ui.simulation_decisions)).await?;
    let report = match ui.simulation_report.as_str() {
        "" => Value::Null,
        path => {
            let text = read(Path::new(path)).await?;
            serde_json::from_str(&text).map_err(|e| unreadable(path, e))?
        }
    };
    Ok(Json(json!({
        "source": ui.simulation_decisions,
        "report": report,
        "decisions": decisions,
    })))
}

async fn read_decisions(path: &Path) -> Result<Vec<Value>, ApiError> {
    let text = read(path).await?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .map_err(|e| unreadable(&format!("{}:{}", path.display(), i + 1), e))
        })
        .collect()
}

async fn read(path: &Path) -> Result<String, ApiError> {
    tokio::fs::read_to_string(path)
        .await
        .map_err(|e| unreadable(&path.display().to_string(), e))
}

fn unreadable(place: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::client(
        StatusCode::NOT_FOUND,
        "simulation_unreadable",
        format!("{place}: {e}"),
    )
}
