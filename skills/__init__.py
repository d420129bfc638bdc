"""Task descriptions («описание проверочной работы»): per task of a work, the skill it checks,
its difficulty level and its maximum, as ФИС ОКО publishes them (ALL, KS, KT tables)."""
