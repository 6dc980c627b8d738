from services.common.serve import serve
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings

settings = IntakeSettings()
serve(build_app(settings), host=settings.http_host, port=settings.intake_port)
