"""Knowledge-competition teams and rosters (class teams, members, rules)."""
