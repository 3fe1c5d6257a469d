from flask.cli import AppGroup

areas_cli = AppGroup("areas", help="Gu and dong boundaries.")
