"""What was measured and how it leaves the portal: the shapes of results, reading them back,
the open-data files and exports, and the admin screens of results and their imports."""
