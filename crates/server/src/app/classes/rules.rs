//! The rule documents a class decision reads (routing, holiday calendar, hour conversion, class
//! settings), each the newest saved version or the built-in one.

use crate::app::rules::in_force_now;
use crate::app::{App, AppResult};
use ganxun_domain::classes::{CLASS_ROUTING, CLASS_SETTINGS, ClassSettings, RoutingRules};
use ganxun_domain::{HolidayCalendar, HourConversion, calendar, class_hours};

/// Everything a class decision reads.
#[derive(Debug, Clone)]
pub struct ClassRules {
    pub routing: RoutingRules,
    pub calendar: HolidayCalendar,
    pub conversion: HourConversion,
    pub settings: ClassSettings,
}

/// The rules in force now.
pub async fn load(app: &App) -> AppResult<ClassRules> {
    Ok(ClassRules {
        routing: in_force_now(app, CLASS_ROUTING, RoutingRules::from_toml).await?,
        calendar: in_force_now(app, calendar::HOLIDAY_CALENDAR, HolidayCalendar::from_toml).await?,
        conversion: in_force_now(app, class_hours::HOUR_CONVERSION, HourConversion::from_toml)
            .await?,
        settings: in_force_now(app, CLASS_SETTINGS, ClassSettings::from_toml).await?,
    })
}
