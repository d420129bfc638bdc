"""Objectivity of ВПР marks on the school page and for coordinators: the section «Объективность
оценивания» (``school_section``), the admin's «Сигналы объективности» (``report_views``), read
from the database by ``queries``; the statistics are ``indicators.rules.objectivity``."""
