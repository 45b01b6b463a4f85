@echo off
rem Đối thoại on a Windows laptop: double-click, or put a shortcut to this file in
rem shell:startup (Win+R, type shell:startup) to start it when the laptop starts.
rem Needs Python 3.11 and, once, `scripts\setup` run from Git Bash or the offline bundle's install.bat.
cd /d "%~dp0\.."
if not exist ".venv\Scripts\python.exe" (
  echo Chua cai dat: hay chay install.bat trong goi cai dat truoc.
  pause
  exit /b 1
)
".venv\Scripts\python.exe" wsgi.py %*
pause
