import { describe, expect, it } from 'vitest';
import { classifyField, labelWords } from '@/lib/detect/classify-field';

describe('labelWords', () => {
  it.each([
    ['InitiatingProcessSHA256', ['initiating', 'process', 'sha256']],
    ['process.parent.name', ['process', 'parent', 'name']],
    ['data.win.eventdata.parentImage', ['parent', 'image']],
    ['GrandParentBaseFileName', ['grand', 'parent', 'base', 'file', 'name']],
    ['SHA256HashData', ['sha256', 'hash', 'data']],
    ['Parent Process Name', ['parent', 'process', 'name']],
    // Lower-cased by a log pipeline: split into the known words they are made of.
    ['parentprocessname', ['parent', 'process', 'name']],
    ['grandparentimage', ['grandparent', 'image']],
    ['parentcommandline', ['parent', 'commandline']],
    ['newprocessname', ['new', 'process', 'name']],
    // Known words, and words no known words make up, stay whole.
    ['commandline', ['commandline']],
    ['targetfilename', ['targetfilename']],
    ['processes', ['processes']],
    ['destinationip', ['destinationip']],
  ])('%s → %j', (label, words) => {
    expect(labelWords(label)).toEqual(words);
  });
});

describe('classifyField', () => {
  it.each([
    // Sysmon / Splunk
    ['Image', 'process', 'value'],
    ['ParentImage', 'parent', 'value'],
    ['CommandLine', 'process', 'commandline'],
    ['ParentCommandLine', 'parent', 'commandline'],
    ['Hashes', 'process', 'hash'],
    ['SourceImage', 'process', 'value'],
    ['TargetImage', 'other', 'value'],
    ['TargetFilename', 'other', 'value'],
    ['ImageLoaded', 'other', 'value'],
    ['OriginalFileName', 'process', 'original-name'],
    // Elastic ECS
    ['process.name', 'process', 'value'],
    ['process.executable', 'process', 'value'],
    ['process.command_line', 'process', 'commandline'],
    ['process.args', 'process', 'commandline'],
    ['process.hash.sha256', 'process', 'hash'],
    ['process.parent.name', 'parent', 'value'],
    ['process.parent.executable', 'parent', 'value'],
    ['process.pe.original_file_name', 'process', 'original-name'],
    ['process.parent.pe.original_file_name', 'parent', 'original-name'],
    ['file.pe.original_file_name', 'other', 'original-name'],
    ['process.entry_leader.executable', 'other', 'value'],
    ['process.parent.group_leader.name', 'other', 'value'],
    // SentinelOne Deep Visibility (abbreviated), Cortex XDR, Chronicle UDM
    ['TgtProcName', 'child', 'value'],
    ['TgtProcImagePath', 'child', 'value'],
    ['SrcProcParentName', 'parent', 'value'],
    ['actor_process_image_path', 'process', 'value'],
    ['action_process_image_name', 'child', 'value'],
    ['action_process_image_sha256', 'child', 'hash'],
    ['causality_actor_process_image_name', 'other', 'value'],
    ['principal.process.parent_process.file.full_path', 'parent', 'value'],
    ['target.process.file.full_path', 'child', 'value'],
    ['process.previous.executable', 'other', 'value'],
    ['process.Ext.effective_parent.executable', 'other', 'value'],
    ['file.path', 'other', 'value'],
    ['file.name', 'other', 'value'],
    ['dll.path', 'other', 'value'],
    ['host.id', 'other', 'identifier'],
    ['agent.id', 'other', 'identifier'],
    // Microsoft Defender / Sentinel
    ['FileName', 'process', 'value'],
    ['FolderPath', 'process', 'value'],
    ['SHA256', 'process', 'hash'],
    ['ProcessCommandLine', 'process', 'commandline'],
    ['InitiatingProcessFileName', 'parent', 'value'],
    ['InitiatingProcessFolderPath', 'parent', 'value'],
    // LimaCharlie's events: FILE_PATH / PARENT.FILE_PATH / HASH, and atoms that are ids
    ['event.FILE_PATH', 'process', 'value'],
    ['event.PARENT.COMMAND_LINE', 'parent', 'commandline'],
    ['event.PARENT.HASH', 'parent', 'hash'],
    ['event.PARENT.THIS_ATOM', 'other', 'identifier'],
    ['routing.parent', 'other', 'identifier'],
    // SentinelOne's threat record: its file is the threat's process, the originator its parent
    ['data.threatInfo.filePath', 'process', 'value'],
    ['threatInfo.originatorProcess', 'parent', 'value'],
    ['threatInfo.sha1', 'process', 'hash'],
    ['threat.indicator.file.name', 'other', 'value'],
    // CrowdStrike's parent_details container names the parent twice: not a grandparent.
    ['behaviors.parent_details.parent_cmdline', 'parent', 'commandline'],
    ['parent_details.parent_sha256', 'parent', 'hash'],
    ['ProcessVersionInfoOriginalFileName', 'process', 'original-name'],
    ['InitiatingProcessVersionInfoOriginalFileName', 'parent', 'original-name'],
    ['data.win.eventdata.originalFileName', 'process', 'original-name'],
    ['InitiatingProcessSHA256', 'parent', 'hash'],
    ['InitiatingProcessParentFileName', 'grandparent', 'value'],
    ['process.parent.parent.name', 'grandparent', 'value'],
    ['Originating Process', 'parent', 'value'],
    ['DeviceName', 'other', 'value'],
    ['DeviceId', 'other', 'identifier'],
    // CrowdStrike
    ['ImageFileName', 'process', 'value'],
    ['ParentBaseFileName', 'parent', 'value'],
    ['GrandParentBaseFileName', 'grandparent', 'value'],
    ['SHA256HashData', 'process', 'hash'],
    ['aid', 'other', 'identifier'],
    // SentinelOne
    ['src.process.name', 'process', 'value'],
    ['src.process.image.path', 'process', 'value'],
    ['src.process.parent.name', 'parent', 'value'],
    ['tgt.process.name', 'child', 'value'],
    ['tgt.file.path', 'other', 'value'],
    // Carbon Black
    ['process_name', 'process', 'value'],
    ['parent_name', 'parent', 'value'],
    ['process_hash', 'process', 'hash'],
    ['childproc_name', 'child', 'value'],
    // Wazuh
    ['data.win.eventdata.image', 'process', 'value'],
    ['data.win.eventdata.parentImage', 'parent', 'value'],
    ['data.win.eventdata.hashes', 'process', 'hash'],
    // Generic consoles
    ['Process', 'process', 'value'],
    ['Parent process', 'parent', 'value'],
    ['Parent', 'parent', 'value'],
    ['Grandparent', 'grandparent', 'value'],
    ['Child process', 'child', 'value'],
    ['Host', 'other', 'value'],
    ['User', 'other', 'value'],
    ['Imphash', 'other', 'not-a-file-hash'],
    // Lower-cased field names (Sumo Logic, Graylog, users' renames)
    ['parentimage', 'parent', 'value'],
    ['parentprocessname', 'parent', 'value'],
    ['creatorprocessname', 'parent', 'value'],
    ['newprocessname', 'process', 'value'],
    ['processcommandline', 'process', 'commandline'],
    ['initiatingprocessfilename', 'parent', 'value'],
    ['initiatingprocessparentfilename', 'grandparent', 'value'],
    ['originalfilename', 'process', 'original-name'],
    ['targetimage', 'other', 'value'],
    ['parentprocessid', 'other', 'identifier'],
    ['username', 'other', 'value'],
    ['cmd', 'process', 'commandline'],
    ['Launched By', 'parent', 'value'],
    ['Spawned By', 'parent', 'value'],
    ['started_by', 'parent', 'value'],
    ['Initiator', 'parent', 'value'],
    ['Loaded By', 'other', 'value'],
    // digests that are no file's: of a signature, of imports, of the event itself
    ['AuthenticodeHashData', 'other', 'not-a-file-hash'],
    ['ParentAuthenticodeHashData', 'other', 'not-a-file-hash'],
    ['ImpHash', 'other', 'not-a-file-hash'],
    ['process.code_signature.thumbprint_sha256', 'other', 'not-a-file-hash'],
    ['ConfigStateHash', 'other', 'not-a-file-hash'],
    ['event.hash', 'other', 'not-a-file-hash'],
    ['EventData_Hashes', 'process', 'hash'],
    ['SHA256HashData', 'process', 'hash'],
    // ArcSight CEF
    ['sproc', 'process', 'value'],
    ['dproc', 'child', 'value'],
    ['sourceProcessName', 'process', 'value'],
    ['destinationProcessName', 'child', 'value'],
    ['deviceProcessName', 'process', 'value'],
    ['destinationAddress', 'other', 'value'],
    // Windows' own event text (4688) in the system's language
    ['Neuer Prozessname', 'process', 'value'],
    ['Erstellerprozessname', 'parent', 'value'],
    ['Name des Erstellerprozesses', 'parent', 'value'],
    ['Prozessbefehlszeile', 'process', 'commandline'],
    ['Ersteller-Prozess-ID', 'other', 'identifier'],
    ['Nom du nouveau processus', 'process', 'value'],
    ['Nom du processus créateur', 'parent', 'value'],
    ['ID du processus créateur', 'other', 'identifier'],
    ['Ligne de commande du processus', 'process', 'commandline'],
    ['Nombre de proceso creador', 'parent', 'value'],
    ['Línea de comandos del proceso', 'process', 'commandline'],
    ['Nome processo creatore', 'parent', 'value'],
    ['Nome do Processo Criador', 'parent', 'value'],
    ['Имя нового процесса', 'process', 'value'],
    ['Имя процесса-создателя', 'parent', 'value'],
    ['新しいプロセス名', 'process', 'value'],
    ['作成元プロセス名', 'parent', 'value'],
    ['创建者进程名称', 'parent', 'value'],
  ])('%s → %s %s', (label, owner, kind) => {
    expect(classifyField(label)).toMatchObject({ owner, kind });
  });

  it('names the algorithm of a single-hash column', () => {
    expect(classifyField('InitiatingProcessMD5').hashType).toBe('md5');
    expect(classifyField('process.hash.sha1').hashType).toBe('sha1');
    // However the algorithm is written; a label naming two says neither.
    expect(classifyField('SHA-256')).toEqual({
      owner: 'process',
      kind: 'hash',
      hashType: 'sha256',
    });
    expect(classifyField('Parent SHA 256')).toMatchObject({ owner: 'parent', hashType: 'sha256' });
    expect(classifyField('file_sha_1').hashType).toBe('sha1');
    expect(classifyField('InitiatingProcessSHA-256')).toMatchObject({
      owner: 'parent',
      hashType: 'sha256',
    });
    expect(classifyField('MD5/SHA256').hashType).toBeUndefined();
  });
});
