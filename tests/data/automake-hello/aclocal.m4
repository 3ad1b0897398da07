# stub: only its existence and time matter to the dbprint test
