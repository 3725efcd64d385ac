"""Awards, prize payouts and the honour-certificate register."""
