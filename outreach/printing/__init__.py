"""PDF output with ReportLab: fonts that embed, shared page furniture, atomic writing."""
