"""The calendar view: month, week and agenda of workshops and their sessions in the viewer's display zone."""
