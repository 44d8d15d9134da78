//! Plans rendered into reply attributes. For now: Session-Timeout, Idle-Timeout and the
//! MikroTik rate limit of the user's plan; the full policy engine comes later.
