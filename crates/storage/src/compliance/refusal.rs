//! What external training records and certificates/seats refuse inside the transaction.

use ganxun_domain::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The external training record was already approved or rejected.
    TrainingRecordNotPending {
        state: ganxun_domain::review::ReviewState,
    },
    /// The certificate or seat was already revoked.
    StandingRevoked,
}

impl Problem for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::TrainingRecordNotPending { .. } => "TRAINING_RECORD_NOT_PENDING",
            Refusal::StandingRevoked => "STANDING_REVOKED",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::TrainingRecordNotPending { state } => format!(
                "该培训记录已{}，不能再审核",
                crate::credits::refusal::decided(*state)
            ),
            Refusal::StandingRevoked => "该记录已撤销，不能再次撤销".to_owned(),
        }
    }
}
