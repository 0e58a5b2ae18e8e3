; Inno Setup 6 script: a Windows installer for the one-folder bundle (dist\MZEstimator, build.spec).
;
;   iscc /DAppVersion=0.1.0 packaging\mzestimator.iss     -> dist\MZEstimator-0.1.0-setup.exe
;
; Installs the folder under Program Files (or, when the user chooses "only for me", under the
; user's programs folder without administrator rights), a Start-menu entry, an optional desktop
; icon, the .mzcase file type opening in the app (its own ProgID, also listed under "Open with"),
; and an uninstaller that removes all of them again (Settings -> Apps, or the Start-menu entry).
; Saved as UTF-8 with a byte-order mark: Inno Setup reads a file without one in the ANSI code page.
; Built by .github/workflows/build.yml on a hosted Windows runner; not tested on this project's own
; machines (README).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "门诊统筹测算 Outpatient Pooling Estimator"
#define ShortName "门诊统筹测算"
#define ExeName "MZEstimator.exe"
#define ProgId "MZEstimator.Case"

[Setup]
; the AppId identifies the program to its uninstaller and to later versions' installers: never change it
AppId={{3D215DCE-8972-455D-A517-5388A2C8DEC1}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=MZEstimator
DefaultDirName={autopf}\MZEstimator
DefaultGroupName={#ShortName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
ChangesAssociations=yes
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppName}
OutputDir=..\dist
OutputBaseFilename=MZEstimator-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the whole bundle: MZEstimator.exe (the window), mzcalc.exe (the command line), _internal\
Source: "..\dist\MZEstimator\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#ShortName}"; Filename: "{app}\{#ExeName}"
Name: "{group}\{cm:UninstallProgram,{#ShortName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#ShortName}"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Registry]
; .mzcase -> MZEstimator.Case -> "MZEstimator.exe" "%1"; HKA is HKLM for all users, HKCU for one
Root: HKA; Subkey: "Software\Classes\.mzcase"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.mzcase"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-mzcase"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.mzcase\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "门诊统筹测算案例 (.mzcase)"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#ExeName},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#ExeName}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#ExeName}\SupportedTypes"; ValueType: string; ValueName: ".mzcase"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#ShortName}}"; Flags: nowait postinstall skipifsilent
